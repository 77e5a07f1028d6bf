package net.codestats.system;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Tells whoever started the server where its data lives and where to find it. */
@Component
class StartupReport {

  private static final Logger log = LoggerFactory.getLogger(StartupReport.class);

  private final CodeStatsProperties properties;

  StartupReport(CodeStatsProperties properties) {
    this.properties = properties;
  }

  @EventListener(ApplicationReadyEvent.class)
  void report() {
    log.info("Code::Stats is up at {} with its data in {}", properties.publicUrl(), properties.absoluteDataDir());
  }
}
