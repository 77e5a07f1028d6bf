package net.codestats.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.reflect.Method;
import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.support.RequestContextUtils;

/**
 * Gives every page template (the handlers of a {@link PageController}) its {@link PageContext}
 * as the model attribute {@code page}, and the handler its request attribute {@link
 * PageContext#REQUEST_ATTRIBUTE}. An interceptor, not a model attribute of a controller advice:
 * Spring builds an advice's model attribute method anew for every request (with its annotation
 * scans), which cost 8 % of a cached profile page.
 */
@Configuration(proxyBeanMethods = false)
class PageContextInterceptor implements WebMvcConfigurer, HandlerInterceptor {

  /** Flash attribute name under which controllers put a {@code List<PageContext.Flash>}. */
  public static final String FLASHES = "flashes";

  /** The build's version ({@code info.app.version}, filled in by Maven), shown in the footer. */
  @ConfigurationProperties("info.app")
  record AppInfo(@DefaultValue("dev") String version) {}

  private final String version;
  private final ObjectProvider<SiteRoles> roles;
  /** resolved at the first signed-in page: a provider's look-up costs a bean factory search */
  private volatile SiteRoles siteRoles;

  private enum Handler {
    /** not a page controller's */
    NONE,
    /** a page controller's that writes a body (JSON) */
    BODY,
    VIEW
  }

  /** What a handler method is, by method: a fixed set. */
  private final Map<Method, Handler> handlers = new ConcurrentHashMap<>();

  PageContextInterceptor(AppInfo info, ObjectProvider<SiteRoles> roles) {
    this.version = info.version();
    this.roles = roles;
  }

  @Override
  public void addInterceptors(InterceptorRegistry registry) {
    registry.addInterceptor(this);
  }

  @Override
  public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
    Handler kind = handler instanceof HandlerMethod method ? kindOf(method) : Handler.NONE;
    if (kind != Handler.NONE) {
      request.setAttribute(PageContext.REQUEST_ATTRIBUTE, page(request, kind == Handler.VIEW));
    }
    return true;
  }

  /** The page's template gets the context unless its handler put one of its own (a message). */
  @Override
  public void postHandle(HttpServletRequest request, HttpServletResponse response, Object handler,
      ModelAndView modelAndView) {
    if (modelAndView != null && !modelAndView.getModelMap().containsAttribute("page")
        && !(modelAndView.getViewName() != null && modelAndView.getViewName().startsWith("redirect:"))
        && request.getAttribute(PageContext.REQUEST_ATTRIBUTE) instanceof PageContext page) {
      modelAndView.addObject("page", page);
    }
  }

  private PageContext page(HttpServletRequest request, boolean view) {
    // reading the CSRF token for a JSON handler would create an HTTP session (and draw a
    // random token) for every such request
    Principal principal = request.getUserPrincipal();
    CsrfToken csrf = view ? (CsrfToken) request.getAttribute(CsrfToken.class.getName()) : null;
    List<PageContext.Flash> flashes = new ArrayList<>();
    Map<String, ?> flashMap = RequestContextUtils.getInputFlashMap(request);
    if (flashMap != null && flashMap.get(FLASHES) instanceof List<?> list) {
      list.stream().filter(PageContext.Flash.class::isInstance).map(PageContext.Flash.class::cast)
          .forEach(flashes::add);
    }
    return new PageContext(
        principal == null ? null : principal.getName(), csrf, flashes, version, view && isAdmin(principal));
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

  /** The annotation scans once per handler method, not on every page (4 % of a cached page's CPU). */
  private Handler kindOf(HandlerMethod handler) {
    return handlers.computeIfAbsent(handler.getMethod(), method -> {
      if (!AnnotatedElementUtils.hasAnnotation(handler.getBeanType(), PageController.class)) {
        return Handler.NONE;
      }
      return handler.hasMethodAnnotation(ResponseBody.class)
          || AnnotatedElementUtils.hasAnnotation(handler.getBeanType(), ResponseBody.class)
              ? Handler.BODY
              : Handler.VIEW;
    });
  }
}
