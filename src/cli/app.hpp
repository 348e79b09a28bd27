#pragma once

#include <string>

namespace concur::cli {

// Parses the command line, runs the chosen subcommand, maps errors to the
// documented exit codes (0 ok, 1 a cell failed, 2 bad usage, 130 Ctrl-C).
int main(int argc, char** argv);

// The command line as typed (arguments quoted where a shell would need it),
// recorded in every report's context.
const std::string& command_line();

}  // namespace concur::cli
