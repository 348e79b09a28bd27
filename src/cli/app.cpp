#include "cli/app.hpp"

#include <benchmark/benchmark.h>

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <span>
#include <iostream>
#include <new>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "cli/command.hpp"
#include "cli/help_formatter.hpp"
#include "cli/suggest.hpp"
#include "cli/terminal.hpp"
#include "cli/version.hpp"
#include "concur/errors.hpp"
#include "concur/interrupt.hpp"
#include "concur/version.hpp"
#include "core/redact.hpp"

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

// CLI11 would say "A subcommand is required" for a typo, or "not expected"
// for a mistyped flag: name it, and the nearest valid one, instead.
void reject_unknown_words(CLI::App& app, const std::vector<char*>& args) {
  std::span<char* const> rest(args);
  rest = rest.subspan(1);
  std::size_t top_level = 0;  // flags before the subcommand are the app's own
  while (top_level < rest.size() && rest[top_level][0] == '-') ++top_level;
  reject_unknown_flags(app, rest.first(top_level));
  if (top_level == rest.size()) return;
  const std::string name = rest[top_level];
  std::vector<std::string> names;
  CLI::App* command = nullptr;
  for (CLI::App* sub : app.get_subcommands({})) {
    names.push_back(sub->get_name());
    if (sub->get_name() == name) command = sub;
  }
  if (!command)
    throw UsageError(fmt::format("unknown command '{}'{} (valid: {})", name,
                                 did_you_mean(name, names), fmt::join(names, ", ")));
  reject_unknown_flags(*command, rest.subspan(top_level + 1));
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

// Red "error:" where stderr takes colour (--color, NO_COLOR, a terminal).
bool g_error_color = false;
void print_error(std::string_view message) {
  std::cerr << "concur-bench: " << paint(g_error_color, "\033[1;31m", "error:") << ' ' << message << '\n';
}

// A standard stream closed by the caller (`>&-`) would be taken by the
// first file this program opens, and the results would land in it. Hold
// each closed one with /dev/null opened read-only: a write to stdout then
// fails (EBADF) and is reported, never diverted.
void hold_closed_standard_streams() {
  for (int fd : {STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO}) {
    if (::fcntl(fd, F_GETFD) != -1 || errno != EBADF) continue;
    const int held = ::open("/dev/null", O_RDONLY);
    if (held >= 0 && held != fd) {
      ::dup2(held, fd);
      ::close(held);
    }
  }
}

// Results that did not reach stdout are lost, so a command that printed
// them cannot succeed: flush, and fail (exit 1) if any write failed, with
// the reason. A failing command keeps its own exit code.
int with_stdout_checked(int code) {
  std::cout.flush();
  errno = 0;
  int error = std::fflush(stdout) == 0 ? 0 : errno;
  if (error == 0 && !std::ferror(stdout) && std::cout.good()) return code;
  // An earlier write failed and nothing was left to flush: ask the
  // descriptor why (EBADF for a closed one), or say it without a reason.
  if (error == 0 && ::write(STDOUT_FILENO, "", 0) != 0) error = errno;
  print_error(error ? fmt::format("cannot write the results to standard output: {}", std::strerror(error))
                    : "cannot write the results to standard output");
  std::clearerr(stdout);
  std::cout.clear();
  return code == exit_code::ok ? exit_code::failed : code;
}

}  // namespace

const std::string& command_line() { return recorded_command_line(); }

namespace {

int run_command(int argc, char** argv) {
  hold_closed_standard_streams();
  install_interrupt_handlers();
  g_error_color = color_enabled(color_mode_in(argc, argv), STDERR_FILENO);
  std::string& line = recorded_command_line();
  line = "concur-bench";
  // Saved in every report: a password in --url stays out of it.
  for (int i = 1; i < argc; ++i) line += " " + shell_quoted(redact_credentials(argv[i]));
  CLI::App app{
      "concur-bench: for this kind of work, on this machine, which concurrency model wins,\n"
      "by how much, and why. Every cell is timed by Google Benchmark and verified.\n",
      "concur-bench"};  // named, so Usage: does not show the path it was run from
  app.formatter(std::make_shared<HelpFormatter>());
  app.option_defaults()->always_capture_default();
  app.set_help_all_flag("--help-all", "Print the help of every subcommand and exit");
  app.set_version_flag("-V,--version", version_text(), "Print version, commit, build type, compiler and exit");
  app.require_subcommand(1);

  std::vector<Command> commands = {
#define CONCUR_COMMAND(id) add_##id##_command(app),
#include "cli/commands.def"
#undef CONCUR_COMMAND
  };
  // Set after the subcommands exist: CLI11 copies a parent's footer into
  // each new subcommand, and these lines are about the whole program.
  app.footer(
      "Run `concur-bench COMMAND --help` for a command's options and examples.\n"
      "--benchmark_filter=REGEX picks cells by name, as in Google Benchmark. Colour follows\n"
      "--color and NO_COLOR; the table's width follows COLUMNS or the terminal.");

  try {
    std::vector<char*> args = pass_benchmark_flags(argc, argv);
    reject_unknown_words(app, args);
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
    std::cerr << "concur-bench: " << paint(g_error_color, "\033[33m", "interrupted;") << " cleaned up\n";
    return exit_code::interrupted;
  } catch (const std::bad_alloc&) {
    print_error("out of memory: a smaller --size, fewer --repetitions, --images or --workers may fit");
    return exit_code::failed;
  } catch (const std::exception& e) {
    print_error(e.what());
    return exit_code::failed;
  }
}

}  // namespace

int main(int argc, char** argv) { return with_stdout_checked(run_command(argc, argv)); }

}  // namespace concur::cli
