// `concur-bench completion bash|zsh|fish`: the shell completion script,
// generated from this very program's subcommands, options and registries
// (the build installs its output; users of a source build can source it).
#include <iostream>

#include "cli/command.hpp"
#include "cli/completion_spec.hpp"
#include "cli/help_formatter.hpp"
#include "cli/suggest.hpp"
#include "core/atomic_file.hpp"
#include "core/flag_checks.hpp"

namespace concur::cli {

Command add_completion_command(CLI::App& parent) {
  auto* app = parent.add_subcommand("completion", "Print the shell completion script for bash, zsh or fish");
  auto shell = std::make_shared<std::string>();
  auto output = std::make_shared<std::string>();
  app->add_option("SHELL", *shell, "The shell")->check(one_of({"bash", "zsh", "fish"}))->required();
  app->add_option("--output", *output, "Write the script to FILE (atomically) instead of stdout")
      ->type_name("FILE")
      ->check(non_empty());
  app->footer(examples_footer({"source <(concur-bench completion bash)",
                               "concur-bench completion zsh --output ~/.zfunc/_concur-bench",
                               "concur-bench completion fish > ~/.config/fish/completions/concur-bench.fish"}));
  return {app, [&parent, shell, output] {
            const std::vector<CommandSpec> spec = completion_spec(parent);
            const std::string script = *shell == "bash"  ? bash_completion(spec)
                                       : *shell == "zsh" ? zsh_completion(spec)
                                                         : fish_completion(spec);
            if (!output->empty()) check_output_path(*output);  // a missing folder is bad usage (2)
            if (output->empty())
              std::cout << script << std::flush;
            else
              write_file_atomically(*output, script);
            return 0;
          }};
}

}  // namespace concur::cli
