package net.codestats.emptyapp;

import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** An empty Spring Boot web app with one endpoint: the start-up reference. */
@SpringBootApplication
@RestController
public class EmptyApp {

  public static void main(String[] args) {
    SpringApplication.run(EmptyApp.class, args);
  }

  @GetMapping("/ping")
  Map<String, Boolean> ping() {
    return Map.of("ok", true);
  }
}
