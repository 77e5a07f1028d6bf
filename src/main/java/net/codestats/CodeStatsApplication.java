package net.codestats;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class CodeStatsApplication {

  public static void main(String[] args) {
    SpringApplication.run(CodeStatsApplication.class, args);
  }
}
