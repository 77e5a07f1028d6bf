package net.codestats.account;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.session.SessionRegistry;
import org.springframework.security.web.authentication.session.ChangeSessionIdAuthenticationStrategy;
import org.springframework.security.web.authentication.session.RegisterSessionAuthenticationStrategy;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.stereotype.Component;

/**
 * Logs a user in without the log-in form (right after sign-up), as the form does: a new
 * session id, the session known to the registry (so that a password change or a stolen
 * remember-me cookie can end it), and the browser's device cookie.
 */
@Component
class SignIn {

  private final SiteUsers users;
  private final SessionRegistry sessions;
  private final LoginDevices devices;
  private final HttpSessionSecurityContextRepository contexts = new HttpSessionSecurityContextRepository();

  SignIn(SiteUsers users, SessionRegistry sessions, LoginDevices devices) {
    this.users = users;
    this.sessions = sessions;
    this.devices = devices;
  }

  void logIn(String username, HttpServletRequest request, HttpServletResponse response) {
    var user = users.loadUserByUsername(username);
    var authentication = UsernamePasswordAuthenticationToken.authenticated(user, null, user.getAuthorities());
    new ChangeSessionIdAuthenticationStrategy().onAuthentication(authentication, request, response);
    var holder = SecurityContextHolder.getContextHolderStrategy();
    var context = holder.createEmptyContext();
    context.setAuthentication(authentication);
    holder.setContext(context);
    contexts.saveContext(context, request, response);
    new RegisterSessionAuthenticationStrategy(sessions).onAuthentication(authentication, request, response);
    devices.issue(user.getUsername(), request, response);
  }
}
