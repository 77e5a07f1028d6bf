package net.codestats.admin;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Every event this node logs at ERROR, grouped by kind (the exception's class and first
 * application frame, else the logger and the message pattern) with a count, the first and last
 * time and the first stack trace: what the error digest mails. An unhandled exception behind a
 * 500 reaches it too (Tomcat logs it at ERROR through Spring Boot's JUL bridge). Memory is
 * bounded: at most {@link #MAX_KINDS} kinds (the others are only counted) and
 * {@link #MAX_TRACE} characters of each trace.
 */
@Component
class ErrorLog {

  static final int MAX_KINDS = 50;
  static final int MAX_TRACE = 8000;
  private static final String APPLICATION = "net.codestats.";

  /** One kind of error since the last {@link #drain()}. */
  record Kind(String key, String summary, long count, Instant first, Instant last, String trace) {
    Kind seenAgain(Instant at) {
      return new Kind(key, summary, count + 1, first, at, trace);
    }
  }

  /** What was logged since the last drain: the kinds and how many other kinds did not fit. */
  record Errors(List<Kind> kinds, long moreKinds, long moreErrors) {
    boolean isEmpty() {
      return kinds.isEmpty() && moreKinds == 0;
    }
  }

  private final Clock clock;
  private final Map<String, Kind> kinds = new LinkedHashMap<>();
  private final Map<String, Boolean> overflowKinds = new LinkedHashMap<>();
  private long overflowErrors;
  // the digest's own sending is never captured: a failing mail server must not feed itself
  private final ThreadLocal<Boolean> muted = ThreadLocal.withInitial(() -> false);
  private final Appender appender = new Appender();

  ErrorLog(Clock clock) {
    this.clock = clock;
  }

  @PostConstruct
  void attach() {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
      appender.setContext(context);
      appender.setName("error-digest");
      appender.start();
      context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(appender);
    }
  }

  @PreDestroy
  void detach() {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
      context.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(appender);
    }
    appender.stop();
  }

  /** Runs the action with this thread's errors not captured. */
  void muted(Runnable action) {
    muted.set(true);
    try {
      action.run();
    } finally {
      muted.remove();
    }
  }

  /** The errors since the last drain, oldest kind first; forgets them. */
  synchronized Errors drain() {
    var errors = new Errors(List.copyOf(kinds.values()), overflowKinds.size(), overflowErrors);
    kinds.clear();
    overflowKinds.clear();
    overflowErrors = 0;
    return errors;
  }

  /** The errors since the last drain, kept. */
  synchronized Errors peek() {
    return new Errors(new ArrayList<>(kinds.values()), overflowKinds.size(), overflowErrors);
  }

  synchronized void record(String key, String summary, String trace) {
    Instant at = clock.instant();
    Kind known = kinds.get(key);
    if (known != null) {
      kinds.put(key, known.seenAgain(at));
    } else if (kinds.size() < MAX_KINDS) {
      kinds.put(key, new Kind(key, summary, 1, at, at, cut(trace)));
    } else {
      if (overflowKinds.size() < MAX_KINDS * 20) {
        overflowKinds.put(key, true);
      }
      overflowErrors++;
    }
  }

  private static String cut(String trace) {
    return trace.length() <= MAX_TRACE ? trace : trace.substring(0, MAX_TRACE) + "\n\t... (cut)";
  }

  private void capture(ILoggingEvent event) {
    if (muted.get()) {
      return;
    }
    IThrowableProxy thrown = event.getThrowableProxy();
    String message = event.getFormattedMessage();
    if (thrown == null) {
      record(event.getLoggerName() + ": " + event.getMessage(), event.getLoggerName() + ": " + message, message);
      return;
    }
    String where = firstApplicationFrame(thrown);
    String key = thrown.getClassName() + (where == null ? " in " + event.getLoggerName() : " at " + where);
    String trace = event.getLoggerName() + ": " + message + "\n" + ThrowableProxyUtil.asString(thrown);
    record(key, key, trace);
  }

  /** The first frame of our own code in the exception or its causes, the deepest cause first. */
  private static String firstApplicationFrame(IThrowableProxy thrown) {
    List<IThrowableProxy> chain = new ArrayList<>();
    for (IThrowableProxy t = thrown; t != null && chain.size() < 20; t = t.getCause()) {
      chain.addFirst(t);
    }
    for (IThrowableProxy t : chain) {
      for (StackTraceElementProxy frame : t.getStackTraceElementProxyArray()) {
        StackTraceElement element = frame.getStackTraceElement();
        if (element.getClassName().startsWith(APPLICATION)) {
          return element.getClassName() + "." + element.getMethodName();
        }
      }
    }
    return null;
  }

  private final class Appender extends AppenderBase<ILoggingEvent> {
    @Override
    protected void append(ILoggingEvent event) {
      if (event.getLevel().isGreaterOrEqual(Level.ERROR)) {
        capture(event);
      }
    }
  }
}
