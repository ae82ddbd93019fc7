import { execFile } from "node:child_process";
import { chmod, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { kplugBin, runKplug } from "../helpers/run.js";

let dir: string;
let shims: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "kplug-completion-"));
  await runKplug(["init", "acme-stamp"], { cwd: dir });
  await writeFile(join(dir, "kplug.config.yaml"), "plugins: [kong/plugins/acme-stamp]\nkonnect:\n  controlPlanes: [prod-eu, staging]\n");
  // the scripts call `kplug` for the config's control planes: put this build first on PATH
  shims = join(dir, ".bin");
  await mkdir(shims);
  await writeFile(join(shims, "kplug"), `#!/bin/sh\nexec "${process.execPath}" "${kplugBin}" "$@"\n`);
  await chmod(join(shims, "kplug"), 0o755);
  await writeFile(join(dir, "kplug.bash"), (await runKplug(["completion", "bash"])).stdout);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** What bash offers for the words typed so far (the last one is being completed). */
async function complete(...typed: string[]): Promise<string[]> {
  const words = ["kplug", ...typed].map((w) => `'${w}'`).join(" ");
  const { stdout } = await promisify(execFile)("bash", ["-c", `source kplug.bash; COMP_WORDS=(${words}); COMP_CWORD=${typed.length}; _kplug; printf '%s\\n' "\${COMPREPLY[@]}"`], {
    cwd: dir,
    env: { ...process.env, PATH: `${shims}:${process.env.PATH ?? ""}` },
  });
  return stdout.split("\n").filter(Boolean);
}

describe("kplug completion", () => {
  it("bash completes commands, options, choices, plugin directories and the config's control planes", { timeout: 60_000 }, async () => {
    expect(await complete("")).toEqual(expect.arrayContaining(["init", "validate", "push", "completion", "--config", "--debug"]));
    expect(await complete("validate", "--f")).toEqual(["--format", "--fix", "--fix-dry-run"]);
    expect(await complete("validate", "--format", "")).toEqual(["pretty", "json", "github", "sarif"]);
    expect(await complete("init", "x", "--target", "st")).toEqual(["streamed"]);
    expect(await complete("push", "-o", "")).toEqual(["json", "text"]);
    // the plugin directories under kong/plugins first, then any directory
    expect(await complete("validate", "k")).toEqual(["kong/plugins/acme-stamp", "kong"]);
    expect(await complete("push", "--control-plane", "")).toEqual(["prod-eu", "staging"]);
    expect(await complete("list", "--konnect-control-plane-name", "st")).toEqual(["staging"]);
  });

  it("zsh reuses the bash completion; fish gets one line per option", async () => {
    const zsh = (await runKplug(["completion", "zsh"])).stdout;
    expect(zsh.startsWith("#compdef kplug\n")).toBe(true);
    expect(zsh).toContain("autoload -U +X bashcompinit && bashcompinit");
    expect(zsh).toContain("complete -F _kplug kplug");
    const fish = (await runKplug(["completion", "fish"])).stdout;
    expect(fish).toContain("complete -c kplug -n __fish_use_subcommand -a validate\n");
    expect(fish).toContain("complete -c kplug -n '__fish_seen_subcommand_from validate' -l target -xa 'schema streamed'");
    expect(fish).toContain("complete -c kplug -n '__fish_seen_subcommand_from push' -l control-plane -xa '(kplug completion --control-planes 2>/dev/null)'");
  });

  it("needs a shell it knows", async () => {
    const result = await runKplug(["completion", "tcsh"]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toBe('kplug: completion needs a shell: bash, zsh, fish (not "tcsh") (e.g. source <(kplug completion bash))\n');
  });
});
