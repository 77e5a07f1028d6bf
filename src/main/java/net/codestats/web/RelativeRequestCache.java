package net.codestats.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URI;
import java.net.URISyntaxException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.web.savedrequest.CookieRequestCache;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.security.web.savedrequest.SavedRequest;
import org.springframework.security.web.savedrequest.SimpleSavedRequest;

/**
 * Remembers the page that needed a log-in in a cookie (an anonymous visitor costs no server
 * session) and sends the user back to it by path: the saved request's own redirect URL names
 * the host of the request, which a client can forge. Unlike the session cache it adds no
 * {@code ?continue} to the URL after log-in.
 */
public final class RelativeRequestCache implements RequestCache {

  private final CookieRequestCache cookies = new CookieRequestCache();

  public RelativeRequestCache() {
    // pages only: a script's JSON request is no page to come back to
    cookies.setRequestMatcher(
        request -> "GET".equals(request.getMethod())
            && !String.valueOf(request.getHeader(HttpHeaders.ACCEPT)).contains(MediaType.APPLICATION_JSON_VALUE));
  }

  @Override
  public void saveRequest(HttpServletRequest request, HttpServletResponse response) {
    cookies.saveRequest(request, response);
  }

  @Override
  public SavedRequest getRequest(HttpServletRequest request, HttpServletResponse response) {
    SavedRequest saved = cookies.getRequest(request, response);
    if (saved == null) {
      return null;
    }
    String path = pathOf(saved.getRedirectUrl());
    return path == null ? null : new SimpleSavedRequest(path);
  }

  @Override
  public HttpServletRequest getMatchingRequest(HttpServletRequest request, HttpServletResponse response) {
    return cookies.getMatchingRequest(request, response);
  }

  @Override
  public void removeRequest(HttpServletRequest request, HttpServletResponse response) {
    cookies.removeRequest(request, response);
  }

  /** Path and query of a URL on this site, or null when it is not one. */
  static String pathOf(String url) {
    try {
      URI uri = new URI(url);
      String path = uri.getRawPath();
      if (path == null || !path.startsWith("/") || path.startsWith("//")) {
        return null;
      }
      return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
    } catch (URISyntaxException e) {
      return null;
    }
  }
}
