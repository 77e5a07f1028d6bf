package net.codestats.account;

import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Export of one's data as CSV, and import of such a pulse CSV. */
@Controller
class TransferPages {

  private final Accounts accounts;
  private final PulseExport export;
  private final PulseImports imports;

  TransferPages(Accounts accounts, PulseExport export, PulseImports imports) {
    this.accounts = accounts;
    this.export = export;
    this.imports = imports;
  }

  @GetMapping("/my/pulses")
  void pulses(@AuthenticationPrincipal SignedInUser user, HttpServletResponse response) throws IOException {
    csv(response, "codestats-pulses.csv");
    try (var out = writer(response)) {
      export.writePulses(user.userId(), out);
    }
  }

  @GetMapping("/my/export/account")
  void account(@AuthenticationPrincipal SignedInUser user, HttpServletResponse response) throws IOException {
    var details = accounts.details(user.userId()).orElseThrow();
    csv(response, "codestats-account.csv");
    try (var out = writer(response)) {
      export.writeAccount(details, out);
    }
  }

  @PostMapping("/my/import")
  String importFile(
      @AuthenticationPrincipal SignedInUser user,
      @RequestParam(name = "file", required = false) MultipartFile file,
      RedirectAttributes redirect)
      throws IOException {
    if (file == null || file.isEmpty()) {
      FormMessage.error(redirect, "import", "Please choose a CSV file to import.");
      return "redirect:/my/preferences#import";
    }
    Path copy = Files.createTempFile("codestats-import-", ".csv");
    file.transferTo(copy);
    if (imports.start(user.userId(), copy)) {
      FormMessage.info(redirect, "import", "Import started. Its progress is shown below.");
    } else {
      FormMessage.error(redirect, "import", "An import is already running. Please wait for it to finish.");
    }
    return "redirect:/my/preferences#import";
  }

  /** The result of the last import is shown until the user dismisses it. */
  @PostMapping("/my/import/dismiss")
  String dismiss(@AuthenticationPrincipal SignedInUser user) {
    imports.dismiss(user.userId());
    return "redirect:/my/preferences#import";
  }

  @GetMapping("/my/import/status")
  @ResponseBody
  ResponseEntity<ImportStatus> status(@AuthenticationPrincipal SignedInUser user) {
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
