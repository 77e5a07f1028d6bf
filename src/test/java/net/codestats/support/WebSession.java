package net.codestats.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * A browser without a browser: keeps cookies, follows no redirects, fills in forms as a page
 * shows them (hidden fields such as the CSRF token included).
 */
public final class WebSession {

  private final URI base;
  private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
  private final HttpClient client;

  public WebSession(int port) {
    this(port, null);
  }

  /** @param localAddress the address to connect from (another loopback address, say) */
  public WebSession(int port, InetAddress localAddress) {
    this(URI.create("http://localhost:" + port), null, localAddress);
  }

  /** A browser of {@code base} (e.g. https through a proxy), trusting {@code tls} when not null. */
  public WebSession(URI base, SSLContext tls, InetAddress localAddress) {
    this.base = base;
    var builder =
        HttpClient.newBuilder()
            .cookieHandler(cookies)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10));
    if (localAddress != null) {
      builder.localAddress(localAddress);
    }
    if (tls != null) {
      builder.sslContext(tls);
    }
    this.client = builder.build();
  }

  public URI uri(String path) {
    return base.resolve(path);
  }

  public HttpResponse<String> get(String path) {
    return send(HttpRequest.newBuilder(uri(path)).header("Accept", "text/html").GET().build());
  }

  public Document page(String path) {
    var response = get(path);
    if (response.statusCode() != 200) {
      throw new AssertionError("GET " + path + " answered " + response.statusCode() + "\n" + response.body());
    }
    return Jsoup.parse(response.body(), uri(path).toString());
  }

  /** Fills the form that {@code selector} finds on the page at {@code pagePath} and posts it. */
  public HttpResponse<String> submit(String pagePath, String selector, Map<String, String> fields) {
    Document page = page(pagePath);
    Element form = page.selectFirst(selector);
    if (form == null) {
      throw new AssertionError("No form " + selector + " on " + pagePath);
    }
    Map<String, String> values = new LinkedHashMap<>();
    for (Element input : form.select("input[type=hidden]")) {
      values.put(input.attr("name"), input.attr("value"));
    }
    values.putAll(fields);
    return post(form.attr("action"), values);
  }

  public HttpResponse<String> post(String path, Map<String, String> fields) {
    return send(
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Accept", "text/html")
            .POST(HttpRequest.BodyPublishers.ofString(form(fields)))
            .build());
  }

  /** The CSRF token the page at {@code path} puts into its forms. */
  public String csrfToken(String path) {
    Element input = page(path).selectFirst("input[name=_csrf]");
    if (input == null) {
      throw new AssertionError("No CSRF token on " + path);
    }
    return input.attr("value");
  }

  public HttpResponse<String> login(String username, String password) {
    return submit("/login", "#login-form", Map.of("username", username, "password", password));
  }

  public Optional<HttpCookie> cookie(String name) {
    return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals(name)).findFirst();
  }

  /** The id of this client's server session (its session cookie), e.g. to bind a channel token to it. */
  public String sessionId() {
    return cookie("JSESSIONID").orElseThrow(() -> new AssertionError("no session cookie")).getValue();
  }

  public void forgetCookie(String name) {
    var store = cookies.getCookieStore();
    store.getCookies().stream().filter(c -> c.getName().equals(name)).toList().forEach(c -> store.remove(null, c));
  }

  public HttpResponse<String> send(HttpRequest request) {
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public HttpResponse<byte[]> sendForBytes(HttpRequest request) {
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public static String form(Map<String, String> fields) {
    return fields.entrySet().stream()
        .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
        .collect(Collectors.joining("&"));
  }

  private static String enc(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  /** Sends a CSV file to the import as the preferences page's script does: the raw body, the CSRF token in a header. */
  public HttpResponse<String> uploadImport(HttpRequest.BodyPublisher file) {
    return send(
        HttpRequest.newBuilder(uri("/my/import"))
            .header("Content-Type", "text/csv")
            .header("X-XSRF-TOKEN", csrfToken("/my/preferences"))
            .POST(file)
            .build());
  }
}
