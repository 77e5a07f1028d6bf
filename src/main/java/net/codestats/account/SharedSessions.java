package net.codestats.account;

import java.time.Duration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.session.autoconfigure.DefaultCookieSerializerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.session.config.SessionRepositoryCustomizer;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;
import org.springframework.session.jdbc.config.annotation.web.http.EnableJdbcHttpSession;

/**
 * With several nodes ({@code codestats.cluster}), HTTP sessions live in PostgreSQL (the
 * {@code spring_session} tables of migration V66), so that a log-in holds on whichever node a
 * request lands, and a log-out or a password change ends a session on every node.
 *
 * <p>One node keeps the servlet container's sessions in memory: a shared session costs every
 * signed-in request a read of its row and attributes and a write of its access time, which a
 * single node has no use for. (Boot's own JDBC session auto-configuration is excluded for
 * that reason; see {@code CodeStatsApplication}.)
 *
 * <p>Expired sessions are deleted by Spring Session's cleanup job, every minute on every node:
 * one {@code delete ... where expiry_time < now} on an index, harmless when nodes overlap.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty("codestats.cluster")
@EnableJdbcHttpSession
class SharedSessions {

  /**
   * The idle timeout of {@code server.servlet.session.timeout}, as for the container's sessions
   * (read from the settings: a context without a web server, as module tests start, has no
   * {@code SessionTimeout} bean).
   */
  @Bean
  SessionRepositoryCustomizer<JdbcIndexedSessionRepository> sessionTimeout(Environment environment) {
    Duration timeout =
        Binder.get(environment).bind("server.servlet.session.timeout", Duration.class).orElse(Duration.ofMinutes(30));
    return repository -> repository.setDefaultMaxInactiveInterval(timeout);
  }

  /**
   * The cookie of the container's sessions, unchanged: named {@code JSESSIONID} (log-out
   * deletes it by that name), its value the session id itself (not Base64), as the live
   * socket's channel token and the tests expect.
   */
  @Bean
  DefaultCookieSerializerCustomizer sessionCookie() {
    return serializer -> {
      serializer.setCookieName("JSESSIONID");
      serializer.setUseBase64Encoding(false);
    };
  }
}
