package net.codestats.web;

import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Method;
import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.support.RequestContextUtils;

/**
 * Gives every page template (the handlers of a {@link PageController}) its {@link PageContext}
 * as the model attribute {@code page}.
 */
@ControllerAdvice(annotations = PageController.class)
class PageContextAdvice {

  /** Flash attribute name under which controllers put a {@code List<PageContext.Flash>}. */
  public static final String FLASHES = "flashes";

  /** The build's version ({@code info.app.version}, filled in by Maven), shown in the footer. */
  @ConfigurationProperties("info.app")
  record AppInfo(@DefaultValue("dev") String version) {}

  private final String version;
  private final ObjectProvider<SiteRoles> roles;
  /** resolved at the first signed-in page: a provider's look-up costs a bean factory search */
  private volatile SiteRoles siteRoles;
  /** Whether a handler method renders a view (or writes a body), by method: a fixed set. */
  private final Map<Method, Boolean> viewHandlers = new ConcurrentHashMap<>();

  PageContextAdvice(AppInfo info, ObjectProvider<SiteRoles> roles) {
    this.version = info.version();
    this.roles = roles;
  }

  @ModelAttribute("page")
  PageContext page(HttpServletRequest request, Principal principal) {
    // Model attributes are computed for JSON handlers too; reading the CSRF token there would
    // create an HTTP session (and draw a random token) for every API request.
    boolean view = rendersView(request);
    CsrfToken csrf = view ? (CsrfToken) request.getAttribute(CsrfToken.class.getName()) : null;
    List<PageContext.Flash> flashes = new ArrayList<>();
    Map<String, ?> flashMap = RequestContextUtils.getInputFlashMap(request);
    if (flashMap != null && flashMap.get(FLASHES) instanceof List<?> list) {
      list.stream().filter(PageContext.Flash.class::isInstance).map(PageContext.Flash.class::cast)
          .forEach(flashes::add);
    }
    var page =
        new PageContext(
            principal == null ? null : principal.getName(),
            csrf,
            flashes,
            version,
            view && isAdmin(principal));
    // for an exception handler's page: its model starts empty
    request.setAttribute(PageContext.REQUEST_ATTRIBUTE, page);
    return page;
  }

  /** Asked only of a logged-in user on a page (not of every visitor, nor of the JSON API). */
  private boolean isAdmin(Principal principal) {
    if (principal instanceof Authentication authentication
        && authentication.getPrincipal() instanceof UserIdentity user) {
      return siteRoles().linksAdminArea(user.userId());
    }
    return false;
  }

  private SiteRoles siteRoles() {
    SiteRoles resolved = siteRoles;
    if (resolved == null) {
      resolved = roles.getIfAvailable(() -> userId -> false);
      siteRoles = resolved;
    }
    return resolved;
  }

  private boolean rendersView(HttpServletRequest request) {
    if (!(request.getAttribute(HandlerMapping.BEST_MATCHING_HANDLER_ATTRIBUTE) instanceof HandlerMethod handler)) {
      return true;
    }
    // the annotation scan once per handler method, not on every page (4 % of a cached page's CPU)
    return viewHandlers.computeIfAbsent(handler.getMethod(), method -> !handler.hasMethodAnnotation(ResponseBody.class)
        && !AnnotatedElementUtils.hasAnnotation(handler.getBeanType(), ResponseBody.class));
  }
}
