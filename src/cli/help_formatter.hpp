// How --help shows an option: its placeholder (N, MS, FILE, or the choices
// {a,b,c}) after the name, and "(default: X)" after the description, so
// every option says what it takes, in which unit, and what it is when absent.
#pragma once

#include <CLI/CLI.hpp>

#include <string>

namespace concur::cli {

class HelpFormatter : public CLI::Formatter {
 public:
  HelpFormatter();
  std::string make_option_opts(const CLI::Option* option) const override;
  std::string make_option_desc(const CLI::Option* option) const override;
  std::string make_subcommand(const CLI::App* command) const override;
  std::string make_expanded(const CLI::App* command) const override;
  std::string make_subcommands(const CLI::App* app, CLI::AppFormatMode mode) const override;
};

// The placeholder of an option as help and completions show it: its type
// name ("N", "FILE", "MODEL,...") or, when a check lists the choices, "{a,b}".
std::string placeholder(const CLI::Option& option);

// A subcommand's footer: examples (one command per line) and, where the
// command runs benchmark cells, what its exit codes mean.
std::string examples_footer(std::initializer_list<const char*> examples, const char* exit_codes = nullptr);

// Exit codes of the commands that run the matrix (all, math, download).
inline constexpr const char* kRunExitCodes =
    "0 every cell verified, 1 a cell failed or did not verify, 2 bad usage or input, "
    "130 interrupted";

}  // namespace concur::cli
