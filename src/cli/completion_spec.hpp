// What shell completion needs to know, read from the CLI11 app itself and the
// registries: a new subcommand, flag, model, workload or format completes
// without editing any script.
#pragma once

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace concur::cli {

// What an option's value completes to.
enum class ValueKind { none, words, word_list, file, directory };

struct OptionSpec {
  std::vector<std::string> names;  // "--format", "-V"
  std::string description;         // first line, no default
  bool takes_value = false;
  ValueKind value = ValueKind::none;
  std::vector<std::string> words;  // for words / word_list (comma-separated)
};

struct CommandSpec {
  std::string name;  // "" for the program itself
  std::string description;
  std::vector<OptionSpec> options;
  bool file_arguments = false;  // positionals are files (compare BASE NEW)
};

// The program first, then each subcommand in --help order.
std::vector<CommandSpec> completion_spec(const CLI::App& app);

// Scripts for `complete -F` (bash), `#compdef` (zsh) and `complete -c` (fish).
std::string bash_completion(const std::vector<CommandSpec>& spec);
std::string zsh_completion(const std::vector<CommandSpec>& spec);
std::string fish_completion(const std::vector<CommandSpec>& spec);

}  // namespace concur::cli
