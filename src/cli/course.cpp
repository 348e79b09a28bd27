// `concur-bench course`: the course's experiments, measured now on this
// machine, written up in English or French, as text or as Markdown.
#include <unistd.h>

#include <iostream>

#include <fmt/format.h>

#include "cli/command.hpp"
#include "core/atomic_file.hpp"
#include "course/course_plan.hpp"
#include "course/course_text.hpp"

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

int run_course(const CourseFlags& flags) {
  if (!flags.output.empty()) check_output_path(flags.output);
  course::CourseSettings settings;
  settings.quick = flags.quick;
  settings.switch_interval_ms = flags.switch_interval_ms;
  settings.seed = flags.seed;
  settings.python = !flags.no_python;
  settings.verbose = flags.verbose;
  if (!flags.quiet && ::isatty(STDERR_FILENO))
    settings.progress = [](std::string_view section) {
      std::cerr << fmt::format("\r\033[Kcourse: measuring {}...", section) << std::flush;
    };
  course::CourseRun run = course::measure_course(settings);
  if (settings.progress) std::cerr << "\r\033[K" << std::flush;
  const std::string text = course::render_course(
      run.facts, flags.lang == "fr" ? course::Lang::fr : course::Lang::en, flags.format);
  if (!flags.output.empty()) write_file_atomically(flags.output, text);
  std::cout << text << std::flush;
  return run.any_failed ? 1 : 0;
}

}  // namespace

Command add_course_command(CLI::App& parent) {
  auto* app = parent.add_subcommand(
      "course", "The Python concurrency course's experiments, measured here and written up");
  auto flags = std::make_shared<CourseFlags>();
  app->add_option("--lang", flags->lang, "Language of the text")->check(CLI::IsMember({"en", "fr"}));
  app->add_option("--format", flags->format, "table (terminal) or markdown (a report to hand in)")
      ->check(CLI::IsMember({"table", "markdown"}));
  app->add_flag("--quick", flags->quick, "Shorter waits and fewer repetitions: the whole course in seconds");
  app->add_option("--switch-interval", flags->switch_interval_ms,
                  "gil: milliseconds a thread may keep the lock once another asks (CPython's default: 5)")
      ->check(CLI::Range(0.001, 60000.0));
  app->add_option("--seed", flags->seed, "Seed for every random input");
  app->add_option("--output", flags->output, "Also write the text to FILE (atomically)");
  app->add_flag("--verbose", flags->verbose, "Keep raw messages (such as CUDA's) beside the plain ones");
  app->add_flag("--no-python", flags->no_python, "Skip the CPython runs beside the model");
  app->add_flag("--quiet", flags->quiet, "No progress line on stderr (it is shown only on a terminal)");
  return {app, [flags] { return run_course(*flags); }};
}

}  // namespace concur::cli
