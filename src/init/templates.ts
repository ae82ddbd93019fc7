import type { Target } from "../rules/types.js";

/** A file `kplug init` writes, relative to the project directory. */
export interface ScaffoldFile {
  path: string;
  text: string;
}

/** `my-plugin` → `MyPluginHandler`: a Lua identifier for the handler table. */
function handlerIdentifier(name: string): string {
  return `${name
    .split("-")
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join("")}Handler`;
}

function schemaLua(name: string): string {
  return `-- Schema of the ${name} plugin: what its configuration accepts. Kong and Konnect both check it.
-- Konnect receives only this file, so it requires no module: write every field inline.
return {
  name = "${name}",
  fields = {
    { config = {
        type = "record",
        fields = {
          -- an example field: rename it or add more, then run \`kplug validate\`
          { header_name = {
              type = "string",
              required = true,
              default = "X-${name}",
              len_min = 1,
              match = "^[%w%-]+$",
              description = "Name of the response header the plugin adds.",
          } },
        },
    } },
  },
}
`;
}

function handlerLua(name: string, target: Target): string {
  const table = handlerIdentifier(name);
  const streamedNote = target === "streamed" ? "\n-- Streamed to Dedicated Cloud Gateways: keep it to this file (no other module, no timers, no init_worker).\n" : "\n";
  return `-- Handler of the ${name} plugin: the phases it runs in.${streamedNote}local ${table} = {
  PRIORITY = 1000, -- order among plugins: a higher priority runs first
  VERSION = "0.1.0",
}

-- header_filter: the response headers from upstream are known and can be changed
function ${table}:header_filter(conf)
  kong.response.set_header(conf.header_name, ${table}.VERSION)
end

return ${table}
`;
}

function kplugConfig(name: string, target: Target): string {
  return `# kplug's config: the plugins \`kplug validate\`, \`push\`, \`list\` and \`diff\` work on by default.
plugins:
  - path: kong/plugins/${name}
    name: ${name}
# schema: /plugin-schemas (hybrid data planes load the plugin's files); streamed: /custom-plugins (Dedicated Cloud Gateways)
target: ${target}
# follow Konnect's documented rules literally (no require() at all in schema.lua)
strict: true
konnect:
  mode: ${target === "streamed" ? "streamed" : "auto"}
  # controlPlanes: [my-control-plane]
  # tokenFile: ~/.config/kplug/token
`;
}

function deckFile(name: string): string {
  return `# decK state with one instance of the plugin, global (every request). Once the plugin is on the
# control plane (\`kplug push\`): deck gateway sync kong.yaml --konnect-control-plane-name <name>
_format_version: "3.0"
plugins:
  - name: ${name}
    config:
      header_name: X-${name}
`;
}

function workflow(): string {
  return `# Validates the plugin on every push and pull request; findings appear as annotations on the diff.
name: kong-plugin
on:
  pull_request:
  push:
    branches: [main]
permissions:
  contents: read
jobs:
  validate:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 20
      - name: Validate (annotations on the pull request)
        run: npx --yes kplug validate --format github
`;
}

/** Every file of a new plugin project, for `kplug init`. Pure: the caller writes them. */
export function scaffoldFiles(name: string, target: Target): ScaffoldFile[] {
  const pluginDir = `kong/plugins/${name}`;
  return [
    { path: `${pluginDir}/schema.lua`, text: schemaLua(name) },
    { path: `${pluginDir}/handler.lua`, text: handlerLua(name, target) },
    { path: "kplug.config.yaml", text: kplugConfig(name, target) },
    { path: "kong.yaml", text: deckFile(name) },
    { path: ".github/workflows/kong-plugin.yml", text: workflow() },
  ];
}
