#include "cli/completion_spec.hpp"

#include "cli/help_formatter.hpp"
#include "cli/run_flags.hpp"
#include "concur/registry.hpp"

namespace concur::cli {
namespace {

std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (std::size_t end; (end = text.find(separator, start)) != std::string::npos; start = end + 1)
    parts.push_back(text.substr(start, end - start));
  parts.push_back(text.substr(start));
  return parts;
}

// The placeholder says what a value is: "{a,b}" choices, "MODEL,..." a list
// of registry names, "FILE..." a path, "DIR" a folder; anything else (N, MS,
// URL) is typed by hand.
void classify_value(const std::string& placeholder, OptionSpec& option) {
  if (placeholder.starts_with('{') && placeholder.ends_with('}')) {
    option.value = ValueKind::words;
    option.words = split(placeholder.substr(1, placeholder.size() - 2), ',');
  } else if (placeholder == "MODEL,...") {
    option.value = ValueKind::word_list;
    for (const auto& m : model_registry()) option.words.emplace_back(m.name);
  } else if (auto workloads = workload_names_for(placeholder)) {
    option.value = ValueKind::word_list;  // the workloads this command accepts
    option.words = std::move(*workloads);
  } else if (placeholder.starts_with("FILE")) {
    option.value = ValueKind::file;
  } else if (placeholder == "DIR") {
    option.value = ValueKind::directory;
  }
}

OptionSpec option_spec(const CLI::Option& option) {
  OptionSpec spec;
  for (const std::string& name : option.get_lnames()) spec.names.push_back("--" + name);
  for (const std::string& name : option.get_snames()) spec.names.push_back("-" + name);
  spec.description = option.get_description();
  spec.description = spec.description.substr(0, spec.description.find('\n'));
  spec.takes_value = option.get_expected_max() > 0;  // flags expect none
  if (spec.takes_value) classify_value(placeholder(option), spec);
  return spec;
}

CommandSpec command_spec(const CLI::App& command, std::string name) {
  CommandSpec spec{std::move(name), command.get_description(), {}, false};
  spec.description = spec.description.substr(0, spec.description.find('\n'));
  for (const CLI::Option* option : command.get_options()) {
    if (option->get_positional()) {
      spec.file_arguments = spec.file_arguments || placeholder(*option).starts_with("FILE");
      continue;
    }
    spec.options.push_back(option_spec(*option));
  }
  return spec;
}

}  // namespace

std::vector<CommandSpec> completion_spec(const CLI::App& app) {
  std::vector<CommandSpec> spec{command_spec(app, "")};
  for (const CLI::App* sub : app.get_subcommands({})) spec.push_back(command_spec(*sub, sub->get_name()));
  return spec;
}

}  // namespace concur::cli
