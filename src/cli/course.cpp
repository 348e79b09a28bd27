// `concur-bench course`: the course's experiments, measured now on this
// machine, written up in English or French, as text or as Markdown.
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <unistd.h>

#include <filesystem>
#include <iostream>

#include <fmt/format.h>

#include "cli/app.hpp"
#include "cli/command.hpp"
#include "core/flag_checks.hpp"
#include "cli/help_formatter.hpp"
#include "concur/errors.hpp"
#include "cli/terminal.hpp"
#include "core/atomic_file.hpp"
#include "report/text_layout.hpp"
#include "course/course_plan.hpp"
#include "course/course_text.hpp"
#include "cli/suggest.hpp"

namespace concur::cli {
namespace {

struct CourseFlags {
  std::string lang = "en";
  std::string format = "table";
  std::string output;
  bool quick = false;
  bool quiet = false;
  bool no_python = false;
  bool verbose = false;
  double switch_interval_ms = 5;
  std::uint64_t seed = 42;
};

namespace fs = std::filesystem;

// --output DIR: a folder to create, or an existing one; its parent must
// exist, and whichever will hold the files must be writable. Checked before
// the course runs (minutes), not after.
void check_output_dir(const std::string& dir) {
  if (dir == "-")
    throw UsageError("--output -: the course writes a folder (report.md and its figures), not standard "
                     "output; give a folder name (the text goes to standard output in any case)");
  std::error_code error;
  if (fs::exists(dir, error) && !fs::is_directory(dir, error))
    throw UsageError(fmt::format("--output '{}': exists and is not a folder (the course writes report.md and "
                                 "its figures into a folder)", dir));
  const fs::path parent = fs::absolute(dir, error).parent_path();
  if (!fs::is_directory(parent, error))
    throw UsageError(fmt::format("--output '{}': the folder {} does not exist", dir, parent.string()));
  const fs::path holder = fs::is_directory(dir, error) ? fs::path(dir) : parent;
  if (::access(holder.c_str(), W_OK | X_OK) != 0)
    throw UsageError(fmt::format("--output '{}': cannot write in {}: {}", dir, holder.string(), std::strerror(errno)));
}

// report.md (Markdown whatever --format says) and amdahl.svg, each written
// atomically; the folder is created only now, once there is something to put in it.
void write_report_dir(const std::string& dir, course::CourseFacts facts, course::Lang lang) {
  fs::create_directories(dir);
  if (!facts.amdahl.svg.empty()) {
    facts.amdahl.figure_file = "amdahl.svg";
    write_file_atomically((fs::path(dir) / facts.amdahl.figure_file).string(), facts.amdahl.svg);
  }
  write_file_atomically((fs::path(dir) / "report.md").string(), course::render_course(facts, lang, "markdown"));
}

int run_course(const CourseFlags& flags) {
  if (!flags.output.empty()) check_output_dir(flags.output);
  course::CourseSettings settings;
  settings.quick = flags.quick;
  settings.switch_interval_ms = flags.switch_interval_ms;
  settings.seed = flags.seed;
  settings.python = !flags.no_python;
  settings.verbose = flags.verbose;
  settings.command_line = command_line();
  if (!flags.quiet && ::isatty(STDERR_FILENO) && !terminal_is_dumb())
    settings.progress = [](std::string_view section) {
      std::cerr << fmt::format("\r\033[Kcourse: measuring {}...", section) << std::flush;
    };
  course::CourseRun run = course::measure_course(settings);
  if (settings.progress) std::cerr << "\r\033[K" << std::flush;
  const course::Lang lang = flags.lang == "fr" ? course::Lang::fr : course::Lang::en;
  // Prose wraps like the result table fits: at the terminal's width, but
  // never wider than a comfortable line (nor when piped or redirected).
  const std::size_t columns = terminal_width(STDOUT_FILENO);
  const std::size_t width = columns == 0 ? report::kProseWidth : std::min(columns, report::kProseWidth);
  const std::string text = course::render_course(run.facts, lang, flags.format, width);
  // The text first: a report that cannot be written (the disk filled
  // meanwhile) fails the command, but loses nothing already measured.
  std::cout << text << std::flush;
  if (!flags.output.empty()) write_report_dir(flags.output, run.facts, lang);
  return run.any_failed ? 1 : 0;
}

}  // namespace

Command add_course_command(CLI::App& parent) {
  auto* app = parent.add_subcommand(
      "course", "The Python concurrency course's experiments, measured here and written up");
  auto flags = std::make_shared<CourseFlags>();
  app->add_option("--lang", flags->lang, "Language of the text")->check(one_of({"en", "fr"}));
  app->add_option("--format", flags->format, "table (terminal) or markdown (a report to hand in)")
      ->check(one_of({"table", "markdown"}));
  app->add_flag("--quick", flags->quick, "Shorter waits and fewer repetitions: the whole course in seconds");
  app->add_option("--switch-interval", flags->switch_interval_ms,
                  "gil: milliseconds a thread may keep the lock once another asks (CPython's switch interval)")
      ->type_name("MS")
      ->check(finite_range(0.001, 60000));
  app->add_option("--seed", flags->seed, "Seed for every random input")
      ->type_name("N")
      ->check(whole_number(0, UINT64_MAX));
  app->add_option("--output", flags->output,
                  "Also write a report to hand in into DIR: report.md and its figures (SVG)")
      ->type_name("DIR")
      ->check(non_empty());
  app->add_flag("--verbose", flags->verbose, "Keep raw messages (such as CUDA's) beside the plain ones");
  app->add_flag("--no-python", flags->no_python, "Skip the CPython runs beside the model");
  app->add_flag("--quiet", flags->quiet, "No progress line on stderr (it is shown only on a terminal)");
  app->footer(examples_footer({"concur-bench course", "concur-bench course --lang fr --format markdown --output cours",
                               "concur-bench course --quick"},
                              "0 every experiment verified, 1 one failed or did not verify, 2 bad usage, "
                              "130 interrupted"));
  return {app, [flags] { return run_course(*flags); }};
}

}  // namespace concur::cli
