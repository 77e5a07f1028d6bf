package net.codestats.admin;

import org.springframework.http.HttpStatus;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ResponseStatus;

/** A refused admin action: 400 with the reason, nothing changed (the action's transaction rolled back). */
@ControllerAdvice(basePackageClasses = AdminErrors.class)
class AdminErrors {

  @ExceptionHandler(AdminException.class)
  @ResponseStatus(HttpStatus.BAD_REQUEST)
  String refused(AdminException e, Model model) {
    model.addAttribute("message", e.getMessage());
    return "admin/refused";
  }
}
