// A subcommand: registers its options on the parent app and says what to do
// once parsed. One file per subcommand, one line in src/cli/commands.def.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>

namespace concur::cli {

struct Command {
  CLI::App* app = nullptr;         // the subcommand, owned by the parent app
  std::function<int()> run;        // called when it was chosen; returns exit code
};

}  // namespace concur::cli
