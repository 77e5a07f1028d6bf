package net.codestats.admin;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import net.codestats.web.PageContext;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;

/** A refused admin action: 400 (404 for what does not exist) with the reason; nothing changed. */
@ControllerAdvice(basePackageClasses = AdminErrors.class)
class AdminErrors {

  @ExceptionHandler(AdminException.class)
  String refused(AdminException e, Model model, HttpServletRequest request, HttpServletResponse response) {
    response.setStatus(e.status().value());
    model.addAttribute("page", request.getAttribute(PageContext.REQUEST_ATTRIBUTE));
    model.addAttribute("message", e.getMessage());
    return "admin/refused";
  }
}
