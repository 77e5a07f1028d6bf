package net.codestats.account;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import net.codestats.system.CodeStatsProperties;
import net.codestats.system.RateLimits;
import net.codestats.system.ServerSecret;
import net.codestats.web.PageContext;
import net.codestats.web.RelativeRequestCache;
import net.codestats.web.SitePart;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.session.SessionRegistry;
import org.springframework.security.core.session.SessionRegistryImpl;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationFailureHandler;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.authentication.rememberme.JdbcTokenRepositoryImpl;
import org.springframework.security.web.authentication.rememberme.PersistentTokenBasedRememberMeServices;
import org.springframework.security.web.authentication.rememberme.PersistentTokenRepository;
import org.springframework.security.web.authentication.rememberme.RememberMeAuthenticationFilter;
import org.springframework.security.web.session.HttpSessionEventPublisher;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.security.SpringSessionBackedSessionRegistry;
import org.springframework.web.servlet.FlashMap;
import org.springframework.web.servlet.support.SessionFlashMapManager;

/**
 * Log-in, "remember me" for a year (a replayed, rotated cookie counts as theft), log-out, the
 * device cookie of each log-in and the limits on guessing passwords.
 */
@Configuration(proxyBeanMethods = false)
class AccountSecurity {

  static final String REMEMBER_ME_PARAMETER = "remember-me";
  static final Duration REMEMBER_ME_FOR = Duration.ofDays(365);

  /**
   * Argon2id for new hashes. Stored hashes without an {@code {id}} prefix are bcrypt (as
   * accounts imported from the original service have); they verify and are rehashed.
   */
  @Bean
  static PasswordEncoder passwordEncoder() {
    var encoder =
        new DelegatingPasswordEncoder(
            "argon2",
            Map.of(
                "argon2", Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8(),
                "bcrypt", new BCryptPasswordEncoder()));
    encoder.setDefaultPasswordEncoderForMatches(new BCryptPasswordEncoder());
    return encoder;
  }

  /** In {@code persistent_logins}, shared by every node, with only a digest of each token. */
  @Bean
  PersistentTokenRepository rememberedLogins(DataSource dataSource) {
    var repository = new JdbcTokenRepositoryImpl();
    repository.setDataSource(dataSource);
    return new DigestedRememberedLogins(repository);
  }

  @Bean
  PersistentTokenBasedRememberMeServices rememberMeServices(
      ServerSecret secret, SiteUsers users, PersistentTokenRepository rememberedLogins, UserSessions sessions) {
    String key = HexFormat.of().formatHex(secret.keyFor("remember-me").getEncoded());
    var services = new RememberedLoginTheft.Services(key, users, rememberedLogins, sessions);
    services.setParameter(REMEMBER_ME_PARAMETER);
    services.setTokenValiditySeconds((int) REMEMBER_ME_FOR.toSeconds());
    return services;
  }

  /**
   * Knows every logged-in session, so that a password change can end the others: with
   * sessions shared in PostgreSQL ({@link SharedSessions}), the sessions table by its
   * principal name index, so a session on any node; on one node, this JVM's registry.
   */
  @Bean
  SessionRegistry sessionRegistry(
      CodeStatsProperties properties, ObjectProvider<FindByIndexNameSessionRepository<?>> sharedSessions) {
    return properties.cluster()
        ? new SpringSessionBackedSessionRegistry<>(sharedSessions.getObject())
        : new SessionRegistryImpl();
  }

  @Bean
  static HttpSessionEventPublisher httpSessionEventPublisher() {
    return new HttpSessionEventPublisher();
  }

  @Bean
  SitePart loginAndRememberMe(
      PersistentTokenBasedRememberMeServices rememberMe, RateLimits limits, SessionRegistry sessions,
      LoginDevices devices) {
    var attemptLimits = new AuthAttemptLimits(limits, devices);
    var afterLogin = new SavedRequestAwareAuthenticationSuccessHandler();
    afterLogin.setDefaultTargetUrl("/my/profile");
    // the page that needed the log-in, as the site chain saved it (a cookie, by path)
    afterLogin.setRequestCache(new RelativeRequestCache());
    return http -> http.formLogin(
        login -> login
            .loginPage("/login")
            .loginProcessingUrl("/login")
            .usernameParameter("username")
            .passwordParameter("password")
            .successHandler(
                (request, response, authentication) -> {
                  devices.issue(authentication.getName(), request, response);
                  afterLogin.onAuthenticationSuccess(request, response, authentication);
                })
            .failureHandler(
                (request, response, exception) -> {
                  attemptLimits.failedLogin(request);
                  flashError(request, response, LoginController.WRONG_LOGIN, request.getParameter("username"));
                  new SimpleUrlAuthenticationFailureHandler("/login")
                      .onAuthenticationFailure(request, response, exception);
                })
            .permitAll())
        .rememberMe(remember -> remember.rememberMeServices(rememberMe).key(rememberMe.getKey()))
        .logout(
            logout -> logout
                .logoutUrl("/logout")
                .logoutSuccessUrl("/")
                .deleteCookies("JSESSIONID", "remember-me")
                .invalidateHttpSession(true))
        .sessionManagement(
            session -> session
                .sessionFixation(fixation -> fixation.changeSessionId())
                .maximumSessions(-1)
                .sessionRegistry(sessions)
                .expiredUrl("/login"))
        .addFilterBefore(attemptLimits, UsernamePasswordAuthenticationFilter.class)
        .addFilterBefore(new RememberedLoginTheft.LoginPageOnTheft(), RememberMeAuthenticationFilter.class);
  }

  /** A message for the log-in page after the redirect to it (and the name to fill in again). */
  static void flashError(HttpServletRequest request, HttpServletResponse response, String text, String username) {
    var flash = new FlashMap();
    flash.put("flashes", List.of(new PageContext.Flash(PageContext.Flash.Kind.ERROR, text)));
    if (username != null) {
      flash.put("username", username);
    }
    new SessionFlashMapManager().saveOutputFlashMap(flash, request, response);
  }
}
