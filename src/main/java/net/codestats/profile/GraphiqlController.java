package net.codestats.profile;

import jakarta.servlet.http.HttpServletResponse;
import java.security.Principal;
import net.codestats.web.ContentSecurityPolicies;
import net.codestats.web.PageController;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * {@code /profile-graphiql}: the GraphiQL IDE against {@code /profile-graph}, as the original
 * had, served from WebJars (no CDN) under the site's CSP. It asks with the browser's session, so
 * a signed-in user may query their own private profile too. Its CSP is the site's with
 * {@code font-src 'self' data:} added (see {@link ContentSecurityPolicies#WITH_DATA_FONTS}).
 */
@PageController
class GraphiqlController {

  static final String EXAMPLE_USER = "demo";

  @GetMapping("/profile-graphiql")
  String graphiql(Principal principal, Model model, HttpServletResponse response) {
    // the site's policy, plus the data: fonts that GraphiQL's style sheet embeds
    response.setHeader(ContentSecurityPolicies.HEADER, ContentSecurityPolicies.WITH_DATA_FONTS);
    String user = principal == null ? EXAMPLE_USER : principal.getName();
    model.addAttribute("defaultQuery", defaultQuery(user));
    return "profile/graphiql";
  }

  /** A first query to run: the user's totals, languages and last week's days. */
  static String defaultQuery(String user) {
    String quoted = "\"" + user.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    return "# The Code::Stats profile API: press the run button (or Ctrl-Enter).\n"
        + "# The docs button on the left lists every field.\n"
        + "{\n"
        + "  profile(username: " + quoted + ") {\n"
        + "    totalXp\n"
        + "    languages {\n      name\n      xp\n    }\n"
        + "    machines {\n      name\n      xp\n    }\n"
        + "  }\n"
        + "}\n";
  }
}
