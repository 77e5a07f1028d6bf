package net.codestats.admin;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Test only: a page that fails with an exception no handler catches, for a real 500. */
@RestController
class FailingTestController {

  static final String PATH = "/test-only/fail";

  @GetMapping(PATH)
  String fail() {
    throw new FailingTestException("failing on purpose");
  }

  static final class FailingTestException extends RuntimeException {
    FailingTestException(String message) {
      super(message);
    }
  }
}
