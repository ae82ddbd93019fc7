/** What a shell needs to complete kplug: commands, their options, and what each option's value is. */
export interface CompletionSpec {
  commands: CommandSpec[];
  globalOptions: OptionSpec[];
}

export interface CommandSpec {
  name: string;
  options: OptionSpec[];
  /** positional arguments are plugin directories (validate, push, list, …) */
  pluginArguments: boolean;
}

export interface OptionSpec {
  long: string;
  short?: string;
  /** undefined: a flag without a value */
  value?: { choices?: string[]; kind: "choice" | "file" | "control-plane" | "other" };
  description: string;
}

/** How a script asks kplug for the control planes named in the config (no network). */
export const CONTROL_PLANES_QUERY = "completion --control-planes";

const words = (list: string[]): string => list.join(" ");
const allFlags = (options: OptionSpec[]): string[] => options.flatMap((o) => (o.short ? [o.long, o.short] : [o.long]));

function valueOptions(spec: CompletionSpec, kind: NonNullable<OptionSpec["value"]>["kind"]): string[] {
  const all = [...spec.globalOptions, ...spec.commands.flatMap((c) => c.options)];
  return [...new Set(all.filter((o) => o.value?.kind === kind).flatMap((o) => (o.short ? [o.long, o.short] : [o.long])))];
}

/** bash (and zsh through bashcompinit): `source <(kplug completion bash)`. */
export function bashScript(spec: CompletionSpec): string {
  const choiceCases = spec.commands.flatMap((c) =>
    [...c.options, ...spec.globalOptions]
      .filter((o) => o.value?.kind === "choice")
      .map((o) => `    ${c.name}:${o.short ? `${o.short}|${c.name}:` : ""}${o.long}) COMPREPLY=($(compgen -W "${words(o.value?.choices ?? [])}" -- "$cur")); return ;;`),
  );
  const optionCases = spec.commands.map((c) => `    ${c.name}) opts="${words([...allFlags(c.options), ...allFlags(spec.globalOptions)])}" ;;`);
  const fileFlags = valueOptions(spec, "file").map((f) => `*:${f}`).join("|");
  const cpFlags = valueOptions(spec, "control-plane").map((f) => `*:${f}`).join("|");
  const otherFlags = valueOptions(spec, "other").map((f) => `*:${f}`).join("|");
  const pluginCommands = spec.commands.filter((c) => c.pluginArguments).map((c) => c.name).join("|");
  return `# kplug completion for bash. Load it with: source <(kplug completion bash)
_kplug() {
  local cur prev cmd opts
  cur="\${COMP_WORDS[COMP_CWORD]}"
  prev="\${COMP_WORDS[COMP_CWORD-1]}"
  cmd="\${COMP_WORDS[1]}"
  if [[ $COMP_CWORD -eq 1 ]]; then
    COMPREPLY=($(compgen -W "${words(spec.commands.map((c) => c.name))} ${words(allFlags(spec.globalOptions))}" -- "$cur"))
    return
  fi
  case "$cmd:$prev" in
${choiceCases.join("\n")}
    ${cpFlags}) COMPREPLY=($(compgen -W "$(kplug ${CONTROL_PLANES_QUERY} 2>/dev/null)" -- "$cur")); return ;;
    ${fileFlags}) COMPREPLY=($(compgen -f -- "$cur")); return ;;
    ${otherFlags}) COMPREPLY=(); return ;;
  esac
  if [[ "$cur" == -* ]]; then
    case "$cmd" in
${optionCases.join("\n")}
      *) opts="" ;;
    esac
    COMPREPLY=($(compgen -W "$opts" -- "$cur"))
    return
  fi
  case "$cmd" in
    ${pluginCommands})
      # plugin directories: kong/plugins/<name> first, then any directory
      COMPREPLY=($(compgen -W "$(ls -d kong/plugins/*/ 2>/dev/null | sed 's:/$::')" -- "$cur") $(compgen -d -- "$cur")) ;;
  esac
}
complete -F _kplug kplug
`;
}

/** zsh: the bash function through zsh's bashcompinit, so both shells complete the same. */
export function zshScript(spec: CompletionSpec): string {
  return `#compdef kplug
# kplug completion for zsh. Load it with: source <(kplug completion zsh)
autoload -U +X bashcompinit && bashcompinit
${bashScript(spec).replace(/^# kplug completion for bash.*\n/, "")}`;
}

function fishQuote(text: string): string {
  return `'${text.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
}

/** fish: `kplug completion fish | source`. */
export function fishScript(spec: CompletionSpec): string {
  const lines = ["# kplug completion for fish. Load it with: kplug completion fish | source", "complete -c kplug -f"];
  for (const c of spec.commands) lines.push(`complete -c kplug -n __fish_use_subcommand -a ${c.name}`);
  const optionLine = (condition: string, o: OptionSpec): string => {
    const parts = [`complete -c kplug -n ${condition}`, `-l ${o.long.replace(/^--/, "")}`];
    if (o.short) parts.push(`-s ${o.short.replace(/^-/, "")}`);
    if (o.value?.kind === "choice") parts.push(`-xa ${fishQuote(words(o.value.choices ?? []))}`);
    else if (o.value?.kind === "control-plane") parts.push(`-xa '(kplug ${CONTROL_PLANES_QUERY} 2>/dev/null)'`);
    else if (o.value?.kind === "file") parts.push("-rF");
    else if (o.value) parts.push("-x");
    parts.push(`-d ${fishQuote(o.description)}`);
    return parts.join(" ");
  };
  for (const o of spec.globalOptions) lines.push(optionLine("__fish_use_subcommand", o));
  for (const c of spec.commands) {
    const condition = fishQuote(`__fish_seen_subcommand_from ${c.name}`);
    for (const o of c.options) lines.push(optionLine(condition, o));
    if (c.pluginArguments) lines.push(`complete -c kplug -n ${condition} -a '(__fish_complete_directories)'`);
  }
  return `${lines.join("\n")}\n`;
}
