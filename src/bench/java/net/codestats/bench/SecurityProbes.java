package net.codestats.bench;

import java.util.List;

/**
 * Load-shaped checks of the security review against a running server with every limit on
 * (no exempt addresses): each probe tries what an attacker would and reports what it saw,
 * with the figure that shows the bound (CPU time of the worst document, largest anonymous
 * body accepted, sockets one address holds, and so on). A probe lives in a file of its own
 * and is listed in {@link #PROBES}.
 */
final class SecurityProbes {

  private SecurityProbes() {}

  /** One row of the results: what was tried, whether it held, and the figures. */
  record Finding(String what, boolean ok, String detail) {}

  interface Probe {
    List<Finding> run(BenchEnvironment env, Dataset dataset, boolean isShort) throws Exception;
  }

  static final List<Probe> PROBES =
      List.of(
          new LanguageFloodProbe(),
          new GraphQlCostProbe(),

          new UploadProbe(),
          new SocketsPerAddressProbe(),
          new SlowHeadersProbe());
}
