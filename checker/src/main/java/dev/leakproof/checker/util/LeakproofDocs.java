package dev.leakproof.checker.util;

/**
 * Where each check's documentation lives. Every diagnostic ends with "(see Leakproof
 * docs/checks/Name.md)": the page in this project's repository and source distribution, which
 * errorprone.info does not have.
 */
public final class LeakproofDocs {
  public static final String DOCS = "Leakproof docs/checks/";

  private LeakproofDocs() {}
}
