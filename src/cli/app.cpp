#include "cli/app.hpp"

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstring>
#include <iostream>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "cli/command.hpp"
#include "concur/errors.hpp"
#include "concur/interrupt.hpp"
#include "concur/version.hpp"

namespace concur::cli {

#define CONCUR_COMMAND(id) Command add_##id##_command(CLI::App& parent);
#include "cli/commands.def"
#undef CONCUR_COMMAND

namespace {

// --benchmark_* flags go to Google Benchmark, everything else to CLI11.
std::vector<char*> pass_benchmark_flags(int argc, char** argv) {
  std::vector<char*> ours{argv[0]};
  std::vector<char*> theirs{argv[0]};
  for (int i = 1; i < argc; ++i) {
    if (std::strncmp(argv[i], "--benchmark_", 12) != 0) {
      ours.push_back(argv[i]);
      continue;
    }
    // The runner decides repetitions, timing and output itself: only the
    // filter means something to it. Anything else would be silently ignored.
    if (std::strncmp(argv[i], "--benchmark_filter=", 19) != 0)
      throw UsageError(fmt::format(
          "'{}': only --benchmark_filter=REGEX is passed to Google Benchmark; use --repetitions, "
          "--min-time, --format and --output instead",
          argv[i]));
    theirs.push_back(argv[i]);
  }
  int count = static_cast<int>(theirs.size());
  benchmark::Initialize(&count, theirs.data());
  if (count > 1) throw UsageError(fmt::format("unknown Google Benchmark flag '{}'", theirs[1]));
  return ours;
}

// CLI11 would say "A subcommand is required" for a typo: name it instead.
void reject_unknown_command(CLI::App& app, const std::vector<char*>& args) {
  if (args.size() < 2 || args[1][0] == '-') return;
  std::vector<std::string> names;
  for (const CLI::App* sub : app.get_subcommands({})) names.push_back(sub->get_name());
  if (std::find(names.begin(), names.end(), args[1]) == names.end())
    throw UsageError(fmt::format("unknown command '{}' (valid: {})", args[1], fmt::join(names, ", ")));
}

std::string& recorded_command_line() {
  static std::string line;
  return line;
}

std::string shell_quoted(std::string_view arg) {
  if (!arg.empty() && arg.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                            "0123456789-_=./:,%+@") == std::string_view::npos)
    return std::string(arg);
  std::string out = "'";
  for (char c : arg) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

void print_error(std::string_view message) {
  std::cerr << "concur-bench: error: " << message << '\n';
}

}  // namespace

const std::string& command_line() { return recorded_command_line(); }

int main(int argc, char** argv) {
  install_interrupt_handlers();
  std::string& line = recorded_command_line();
  line = "concur-bench";
  for (int i = 1; i < argc; ++i) line += " " + shell_quoted(argv[i]);
  CLI::App app{
      "concur-bench: for this kind of work, on this machine, which concurrency model wins,\n"
      "by how much, and why. Every cell is timed by Google Benchmark and verified.\n"};
  app.set_version_flag("--version", std::string("concur-bench ") + build_info::version);
  app.require_subcommand(1);
  app.footer(
      "Exit codes: 0 all verified, 1 a cell failed or did not verify, 2 bad usage, 130 interrupted.\n"
      "Flags --benchmark_* are passed to Google Benchmark.");

  std::vector<Command> commands = {
#define CONCUR_COMMAND(id) add_##id##_command(app),
#include "cli/commands.def"
#undef CONCUR_COMMAND
  };

  try {
    std::vector<char*> args = pass_benchmark_flags(argc, argv);
    reject_unknown_command(app, args);
    try {
      app.parse(static_cast<int>(args.size()), args.data());
    } catch (const CLI::CallForHelp& e) {
      return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
      return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
      return app.exit(e);
    } catch (const CLI::ParseError& e) {
      print_error(fmt::format("{} (see concur-bench --help)", e.what()));
      return exit_code::usage;
    }
    for (auto& command : commands)
      if (command.app->parsed()) return command.run();
    return exit_code::usage;  // unreachable: require_subcommand(1)
  } catch (const UsageError& e) {
    print_error(e.what());
    return exit_code::usage;
  } catch (const Interrupted&) {
    std::cerr << "concur-bench: interrupted; cleaned up\n";
    return exit_code::interrupted;
  } catch (const std::exception& e) {
    print_error(e.what());
    return exit_code::failed;
  }
}

}  // namespace concur::cli
