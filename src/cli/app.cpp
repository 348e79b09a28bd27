#include "cli/app.hpp"

#include <benchmark/benchmark.h>
#include <regex.h>

#include <algorithm>
#include <cstring>
#include <iostream>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "cli/command.hpp"
#include "concur/errors.hpp"
#include "concur/interrupt.hpp"

namespace concur::cli {

#define CONCUR_COMMAND(id) Command add_##id##_command(CLI::App& parent);
#include "cli/commands.def"
#undef CONCUR_COMMAND

namespace {

// Google Benchmark prints a bad filter and runs nothing, which would look
// like an empty success; its regex is POSIX extended ("-" negates).
void check_benchmark_filter(std::string filter) {
  if (filter.starts_with('-')) filter.erase(0, 1);
  // POSIX regcomp rather than std::regex: GCC 12 warns inside <regex> under
  // ASan (-Wmaybe-uninitialized), which -Werror turns into a build failure.
  regex_t compiled;
  const int rc = ::regcomp(&compiled, filter.c_str(), REG_EXTENDED | REG_NOSUB);
  if (rc == 0) {
    ::regfree(&compiled);
    return;
  }
  char reason[256];
  ::regerror(rc, &compiled, reason, sizeof reason);
  throw UsageError(fmt::format("--benchmark_filter '{}': not a valid regular expression ({})",
                               filter, reason));
}

// --benchmark_* flags go to Google Benchmark, everything else to CLI11.
std::vector<char*> pass_benchmark_flags(int argc, char** argv) {
  std::vector<char*> ours{argv[0]};
  std::vector<char*> theirs{argv[0]};
  for (int i = 1; i < argc; ++i)
    (std::strncmp(argv[i], "--benchmark_", 12) == 0 ? theirs : ours).push_back(argv[i]);
  int count = static_cast<int>(theirs.size());
  benchmark::Initialize(&count, theirs.data());
  if (count > 1) throw UsageError(fmt::format("unknown Google Benchmark flag '{}'", theirs[1]));
  check_benchmark_filter(benchmark::GetBenchmarkFilter());
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

void print_error(std::string_view message) {
  std::cerr << "concur-bench: error: " << message << '\n';
}

}  // namespace

int main(int argc, char** argv) {
  install_interrupt_handlers();
  CLI::App app{
      "concur-bench: for this kind of work, on this machine, which concurrency model wins,\n"
      "by how much, and why. Every cell is timed by Google Benchmark and verified.\n"};
  app.set_version_flag("--version", std::string("concur-bench ") + CONCUR_VERSION);
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
