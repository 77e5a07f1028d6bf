package net.codestats.transfer;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import net.codestats.account.Accounts;
import net.codestats.web.PageController;
import net.codestats.web.UserIdentity;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.util.unit.DataSize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseBody;

/** Export of one's data as CSV, and import of such a pulse CSV. */
@PageController
class TransferController {

  private final Accounts accounts;
  private final PulseExport export;
  private final PulseImports imports;

  /** @param maxFileSize largest CSV file that can be imported (413 beyond) */
  @ConfigurationProperties("codestats.import")
  record Settings(@DefaultValue("512MB") DataSize maxFileSize) {}

  private final long maxImportBytes;

  TransferController(Accounts accounts, PulseExport export, PulseImports imports, Settings settings) {
    this.accounts = accounts;
    this.export = export;
    this.imports = imports;
    this.maxImportBytes = settings.maxFileSize().toBytes();
  }

  @GetMapping("/my/pulses")
  void pulses(@AuthenticationPrincipal UserIdentity user, HttpServletResponse response) throws IOException {
    csv(response, "codestats-pulses.csv");
    try (var out = writer(response)) {
      export.writePulses(user.userId(), out);
    }
  }

  @GetMapping("/my/export/account")
  void account(@AuthenticationPrincipal UserIdentity user, HttpServletResponse response) throws IOException {
    var details = accounts.details(user.userId()).orElseThrow();
    csv(response, "codestats-account.csv");
    try (var out = writer(response)) {
      export.writeAccount(details, out);
    }
  }

  @GetMapping("/my/export/corrections")
  void corrections(@AuthenticationPrincipal UserIdentity user, HttpServletResponse response) throws IOException {
    csv(response, "codestats-corrections.csv");
    try (var out = writer(response)) {
      export.writeCorrections(user.userId(), out);
    }
  }

  /**
   * The CSV file is the request's body, as the page's script sends it with the CSRF token in a
   * header (no multipart form: nothing parses a body before the log-in and the token have
   * been checked). It is copied to a temporary file, at most {@code codestats.import.max-file-size}.
   */
  @PostMapping(path = "/my/import", consumes = "text/csv")
  @ResponseBody
  ResponseEntity<ImportUpload> importFile(@AuthenticationPrincipal UserIdentity user, HttpServletRequest request)
      throws IOException {
    if (request.getContentLengthLong() > maxImportBytes) {
      return ImportUpload.tooLarge(maxImportBytes);
    }
    Path copy = Files.createTempFile("codestats-import-", ".csv");
    long size;
    try (InputStream body = request.getInputStream()) {
      size = copyAtMost(body, copy, maxImportBytes);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(copy);
      throw e;
    }
    if (size <= 0) {
      Files.deleteIfExists(copy);
      return size < 0
          ? ImportUpload.tooLarge(maxImportBytes)
          : ImportUpload.answer(HttpStatus.BAD_REQUEST, "Please choose a CSV file to import.");
    }
    return imports.start(user.userId(), copy)
        ? ImportUpload.answer(HttpStatus.ACCEPTED, "Import started. Its progress is shown below.")
        : ImportUpload.answer(HttpStatus.CONFLICT, "An import is already running. Please wait for it to finish.");
  }

  /** What the page's script shows after an upload. */
  record ImportUpload(String message) {
    static ResponseEntity<ImportUpload> answer(HttpStatus status, String message) {
      return ResponseEntity.status(status).body(new ImportUpload(message));
    }

    static ResponseEntity<ImportUpload> tooLarge(long maxBytes) {
      return answer(
          HttpStatus.CONTENT_TOO_LARGE,
          "The file is larger than %,d MB, the most one import takes.".formatted(maxBytes >> 20));
    }
  }

  /** Copies the body to the file; -1 (and the rest unread) when it is longer than {@code max}. */
  private static long copyAtMost(InputStream body, Path file, long max) throws IOException {
    long size = 0;
    byte[] buffer = new byte[1 << 16];
    try (OutputStream out = Files.newOutputStream(file)) {
      for (int n; (n = body.read(buffer)) >= 0;) {
        size += n;
        if (size > max) {
          return -1;
        }
        out.write(buffer, 0, n);
      }
    }
    return size;
  }

  /** The result of the last import is shown until the user dismisses it. */
  @PostMapping("/my/import/dismiss")
  String dismiss(@AuthenticationPrincipal UserIdentity user) {
    imports.dismiss(user.userId());
    return "redirect:/my/preferences#import";
  }

  @GetMapping("/my/import/status")
  @ResponseBody
  ResponseEntity<ImportStatus> status(@AuthenticationPrincipal UserIdentity user) {
    return imports
        .status(user.userId())
        .map(status -> ResponseEntity.ok().header(HttpHeaders.CACHE_CONTROL, "no-store").body(status))
        .orElseGet(() -> ResponseEntity.noContent().build());
  }

  private static void csv(HttpServletResponse response, String filename) {
    response.setContentType("text/csv;charset=UTF-8");
    response.setHeader(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + filename + "\"");
    response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
  }

  private static BufferedWriter writer(HttpServletResponse response) throws IOException {
    return new BufferedWriter(new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8), 1 << 16);
  }
}
