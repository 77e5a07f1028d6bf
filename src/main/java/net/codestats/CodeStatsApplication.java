package net.codestats;

import net.codestats.socket.SessionBuffers;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.session.jdbc.autoconfigure.JdbcSessionAutoConfiguration;

// HTTP sessions go to PostgreSQL only with several nodes: account.SharedSessions
@SpringBootApplication(exclude = JdbcSessionAutoConfiguration.class)
@ConfigurationPropertiesScan
public class CodeStatsApplication {

  public static void main(String[] args) {
    // a JVM-wide Tomcat setting with no container equivalent: before anything starts
    SessionBuffers.defaultUnlessGiven();
    SpringApplication.run(CodeStatsApplication.class, args);
  }
}
