package net.codestats.support;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistrar;

/** An in-process SMTP server (GreenMail) on a free port, for the whole shared test context. */
@TestConfiguration(proxyBeanMethods = false)
public class TestMailServer {

  @Bean(initMethod = "start", destroyMethod = "stop")
  GreenMail greenMail() {
    return new GreenMail(ServerSetupTest.SMTP.dynamicPort());
  }

  @Bean
  DynamicPropertyRegistrar mailPort(GreenMail greenMail) {
    return registry -> registry.add("spring.mail.port", () -> greenMail.getSmtp().getPort());
  }
}
