#include "cli/run_flags.hpp"

#include <unistd.h>

#include <benchmark/benchmark.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <iostream>
#include <iterator>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "concur/errors.hpp"
#include "concur/registry.hpp"
#include "concur/report.hpp"
#include "cli/app.hpp"
#include "core/flag_checks.hpp"
#include "cli/progress.hpp"
#include "cli/suggest.hpp"
#include "cli/terminal.hpp"
#include "core/atomic_file.hpp"
#include "report/scaling.hpp"
#include "report/analysis_text.hpp"
#include "report/summary_grid.hpp"

namespace concur::cli {
namespace {

unsigned parse_count(std::string_view text, std::string_view whole) {
  unsigned value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size())
    throw UsageError(fmt::format("--workers '{}': '{}' is not a whole number "
                                 "(use N, A,B,C, A..B or A..B:x2)", whole, text));
  if (value == 0) throw UsageError(fmt::format("--workers '{}': worker counts must be at least 1", whole));
  if (value > 100000) throw UsageError(fmt::format("--workers '{}': {} is more than 100000", whole, value));
  return value;
}

// The runner would reject it too; here the message can suggest a name.
template <typename Entry>
[[noreturn]] void reject_unknown_name(std::string_view kind, const std::string& name,
                                      std::span<const Entry> registry) {
  std::vector<std::string> names;
  for (const auto& e : registry) names.emplace_back(e.name);
  const auto best = closest(name, names);
  throw UsageError(fmt::format("unknown {} '{}'{} (valid: {})", kind, name,
                               best ? fmt::format("; did you mean '{}'?", *best) : "",
                               fmt::join(names, ", ")));
}


}  // namespace

std::vector<std::string> split_list(const std::string& text, std::string_view flag) {
  std::vector<std::string> items;
  std::size_t start = 0;
  while (true) {
    auto end = text.find(',', start);
    std::string item = text.substr(start, end == std::string::npos ? std::string::npos : end - start);
    if (item.empty()) throw UsageError(fmt::format("{} '{}': empty name in the list", flag, text));
    // Twice the same name would run every cell of it twice.
    if (std::find(items.begin(), items.end(), item) != items.end())
      throw UsageError(fmt::format("{} '{}': {} is given twice", flag, text, item));
    items.push_back(item);
    if (end == std::string::npos) return items;
    start = end + 1;
  }
}

std::vector<unsigned> parse_worker_list(const std::string& text) {
  std::vector<unsigned> counts;
  for (const std::string& item : split_list(text, "--workers")) {
    auto dots = item.find("..");
    if (dots == std::string::npos) {
      counts.push_back(parse_count(item, text));
      continue;
    }
    std::string_view rest = std::string_view(item).substr(dots + 2);
    bool doubling = false;
    if (auto colon = rest.find(':'); colon != std::string_view::npos) {
      if (rest.substr(colon + 1) != "x2")
        throw UsageError(fmt::format("--workers '{}': only ':x2' (doubling) may follow a range", text));
      doubling = true;
      rest = rest.substr(0, colon);
    }
    unsigned first = parse_count(std::string_view(item).substr(0, dots), text);
    unsigned last = parse_count(rest, text);
    if (first > last) throw UsageError(fmt::format("--workers '{}': range {}..{} is empty", text, first, last));
    for (unsigned w = first; w <= last; w = doubling ? w * 2 : w + 1) counts.push_back(w);
  }
  // Ranges may overlap ("1..4,2..8:x2"): each count runs once, in first-seen order.
  std::vector<unsigned> once;
  for (unsigned w : counts)
    if (std::find(once.begin(), once.end(), w) == once.end()) once.push_back(w);
  return once;
}

std::string workloads_placeholder(RunScope scope) {
  return scope == Bound::cpu ? "KERNEL,..." : scope ? fmt::format("{}-WORKLOAD,...", group_name(*scope))
                                                    : "WORKLOAD,...";
}

std::optional<std::vector<std::string>> workload_names_for(std::string_view placeholder) {
  std::vector<RunScope> scopes{std::nullopt};
  scopes.insert(scopes.end(), std::begin(kBounds), std::end(kBounds));
  for (const RunScope& scope : scopes) {
    if (workloads_placeholder(scope) != placeholder) continue;
    std::vector<std::string> names;
    for (const WorkloadEntry* entry : workloads_bound_by(scope)) names.emplace_back(entry->name);
    return names;
  }
  return std::nullopt;
}

namespace {

// "Problem size (primes: the limit N; ...; contention_mutex, contention_atomic,
// contention_local: increments)": what --size sets for each workload of the
// command that takes it, neighbours with the same meaning together; empty
// when none does.
std::string size_help(const std::vector<const WorkloadEntry*>& workloads) {
  std::vector<std::pair<std::string, std::string_view>> meanings;  // names, meaning
  for (const WorkloadEntry* entry : workloads) {
    const std::string_view meaning = entry->traits.size_meaning;
    if (meaning.empty()) continue;
    if (!meanings.empty() && meanings.back().second == meaning)
      meanings.back().first += fmt::format(", {}", entry->name);
    else
      meanings.emplace_back(std::string(entry->name), meaning);
  }
  if (meanings.empty()) return "";
  std::vector<std::string> parts;
  for (const auto& [names, meaning] : meanings) parts.push_back(fmt::format("{}: {}", names, meaning));
  return fmt::format("Problem size ({})", fmt::join(parts, "; "));
}

}  // namespace

void add_run_flags(CLI::App& command, RunFlags& flags, RunScope scope) {
  const std::vector<const WorkloadEntry*> workloads = workloads_bound_by(scope);
  command.add_option("--models", flags.models, "Comma-separated models to run (see `concur-bench list`)")
      ->type_name("MODEL,...")
      ->default_str("all")
      ->check(non_empty());
  if (workloads.size() > 1)  // download has one workload: nothing to choose
    command.add_option("--workloads", flags.workloads,
                       scope == Bound::cpu ? "Comma-separated kernels to run" : "Comma-separated workloads to run")
        ->type_name(workloads_placeholder(scope))
        ->default_str("all")
        ->check(non_empty());
  // A workload that asks for more workers than cores by default (download:
  // one per image) says so here when the command runs it.
  const bool any_blocks_on_io = std::any_of(workloads.begin(), workloads.end(),
                                            [](const WorkloadEntry* w) { return w->traits.blocks_on_io; });
  command.add_option("--workers", flags.workers,
                     "Worker counts: N, A,B,C, A..B or A..B:x2; several give a scaling analysis")
      ->type_name("N,...")
      ->default_str(any_blocks_on_io ? "hardware threads; one per image for download" : "hardware threads")
      ->check(non_empty());
  SamplingSettings& s = flags.sampling;
  command.add_option("--repetitions", flags.repetitions, "Exactly N timed repetitions per cell, 1 to 10000")
      ->type_name("N")
      ->default_str("adaptive, see --precision")
      ->check(whole_number(1, 10000).description(""));
  command.add_option("--precision", flags.precision,
                     "Repeat each cell until the 95% interval of its median is within this "
                     "fraction of it: 2% or 0.02")
      ->type_name("PERCENT");
  command.add_option("--min-repetitions", s.min_repetitions, "Adaptive: at least N repetitions")
      ->type_name("N")
      ->check(whole_number(1, 10000).description(""));
  command.add_option("--max-repetitions", s.max_repetitions, "Adaptive: at most N repetitions")
      ->type_name("N")
      ->check(whole_number(1, 10000).description(""));
  command.add_option("--max-time", s.max_seconds_per_cell,
                     "Adaptive: stop repeating a cell once its timed runs took S seconds (after "
                     "--min-repetitions)")
      ->type_name("S")
      ->check(finite_range(0, 86400));
  command.add_option("--warmup", s.warmup_runs, "Untimed, verified runs of each cell first")
      ->type_name("N")
      ->check(whole_number(0, 1000).description(""));
  command.add_option("--warmup-time", s.warmup_seconds, "Keep warming each cell up for at least S seconds")
      ->type_name("S")
      ->check(finite_range(0, 3600));
  command.add_flag("--no-interleave", [&s](std::int64_t) { s.interleave = false; },
                   "Time each cell's repetitions in one block (default: rounds over all cells "
                   "in a seeded random order)");
  command.add_flag("--pin", flags.options.pin,
                   "Pin each worker of threads, gil, openmp and processes to a CPU of its own");
  command.add_option("--min-time", s.min_time,
                     "Run each repetition for at least S seconds, averaging its iterations")
      ->type_name("S")
      ->default_str("one run")
      ->check(finite_range(1e-6, 3600));
  command.add_flag("--quick", flags.options.quick,
                   "Small sizes and one timed repetition unless --repetitions is given");
  command.add_option("--seed", flags.options.seed, "Seed for every random input")
      ->type_name("N")
      ->check(whole_number(0, UINT64_MAX));
  std::vector<std::string> formats;
  for (auto name : format_names()) formats.emplace_back(name);
  command.add_option("--format", flags.format, "Output format")->check(one_of(formats));
  command.add_option("--output", flags.output,
                     "Also write the report in --format to FILE (atomically); the table still "
                     "goes to the terminal; - for standard output alone")
      ->type_name("FILE")
      ->check(non_empty());
  command.add_option("--plot", flags.plot, "Write a speedup-vs-workers chart to FILE.svg (atomically)")
      ->type_name("FILE.svg")
      ->check(non_empty());
  command.add_flag("--quiet", flags.quiet, "No progress line on stderr (it is shown only on a terminal)");
  add_color_flag(command, flags.color);
  if (const std::string help = size_help(workloads); !help.empty())
    command.add_option("--size", flags.options.size, help)
        ->type_name("N")
        ->default_str("each workload's own")
        ->check(whole_number(1, UINT64_MAX));
  // Each plug-in's own flags: every model's, and those of the workloads this
  // command can run.
  // What each adds is recorded by its owner, for the warning when a run
  // leaves the owner out.
  const auto add_owned = [&command, &flags](const PluginTraits& traits, std::string owner, bool is_model) {
    if (!traits.add_flags) return;
    const std::size_t before = command.get_options().size();
    traits.add_flags(command, flags.options);
    const auto options = command.get_options();
    for (std::size_t i = before; i < options.size(); ++i)
      flags.plugin_flags.push_back({owner, is_model, options[i]});
  };
  for (const auto& entry : model_registry()) add_owned(traits_of(entry.describe), std::string(entry.name), true);
  for (const WorkloadEntry* entry : workloads) add_owned(traits_of(entry->describe), std::string(entry->name), false);
}

double parse_fraction(const std::string& text, std::string_view flag) {
  std::string_view digits = text;
  const bool percent = digits.ends_with('%');
  if (percent) digits.remove_suffix(1);
  double value = -1;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size() ||
      !std::isfinite(value) || value < 0)
    throw UsageError(fmt::format("{} '{}': expected a percentage such as 5% or a fraction "
                                 "such as 0.05", flag, text));
  if (!percent && value > 1)
    throw UsageError(fmt::format("{} '{}': a bare number is a fraction (0.05 = 5%); did you "
                                 "mean {}%?", flag, text, text));
  return percent ? value / 100 : value;
}

SamplingSettings sampling_settings(const RunFlags& flags) {
  SamplingSettings s = flags.sampling;
  s.precision = parse_fraction(flags.precision, "--precision");
  s.seed = flags.options.seed;
  s.pin = flags.options.pin;
  s.fixed_repetitions = flags.repetitions;
  if (flags.options.quick && !flags.repetitions) s.fixed_repetitions = 1;
  check_sampling(s);
  return s;
}

void add_color_flag(CLI::App& command, std::string& mode) {
  command.add_option("--color", mode, "Colour: auto (a terminal without NO_COLOR), always or never")
      ->check(one_of({"auto", "always", "never"}));
}

std::string render_report(std::string_view format, const RunReport& report, const RenderOptions& options) {
  if (format == "svg") return report::render_speedup_svg(report.analysis.scaling, report::usable_cores(report));
  return render(format, report, options);
}

void print_report(const RunReport& report, std::string_view format, const std::string& output,
                  const std::string& color_flag, bool summary_grid) {
  const ColorMode color = parse_color_mode(color_flag);
  RenderOptions terminal{color_enabled(color, STDOUT_FILENO), terminal_width(STDOUT_FILENO)};
  const bool to_file = !output.empty() && output != "-";
  if (to_file) std::cout << render("table", report, terminal);
  else std::cout << render_report(format, report, format == "table" ? terminal : RenderOptions{});
  // `all`, `math` and `download` end with the answer at a glance and a
  // verdict per workload, wherever the table went.
  if (summary_grid && output != "-" && (format == "table" || !output.empty()))
    std::cout << report::render_summary_grid(report, terminal)
              << report::render_verdicts(report, /*markdown=*/false, terminal.width);
  std::cout.flush();
  // The file last: one that cannot be written (a full disk) costs only itself.
  if (to_file) write_file_atomically(output, render_report(format, report));
}

namespace {

// Whether two output flags name one file: both standard output, or one path
// however it is spelled (./x and x, through a symbolic link).
bool same_output(const std::string& a, const std::string& b) {
  if (a.empty() || b.empty()) return false;
  if (a == "-" || b == "-") return a == b;
  std::error_code ignored;
  const auto resolved = [&ignored](const std::string& path) {
    return std::filesystem::weakly_canonical(std::filesystem::absolute(path, ignored), ignored);
  };
  return resolved(a) == resolved(b);
}

// --output, --plot and the files the run's plug-ins write (--png): two of
// them naming one file would have one overwrite the other.
void refuse_one_file_named_twice(const RunFlags& flags, const Plan& plan) {
  std::vector<std::pair<std::string, std::string>> files = {{"--output", flags.output}, {"--plot", flags.plot}};
  const auto add_from = [&](DescribePlugin describe) {
    const PluginTraits traits = traits_of(describe);
    if (!traits.output_files) return;
    for (auto& file : traits.output_files(plan.options)) files.push_back(std::move(file));
  };
  for (const auto& name : plan.workloads) add_from(find_workload(name)->describe);
  for (const auto& name : plan.models) add_from(find_model(name)->describe);
  for (std::size_t i = 0; i < files.size(); ++i)
    for (std::size_t j = i + 1; j < files.size(); ++j)
      if (same_output(files[i].second, files[j].second))
        throw UsageError(fmt::format("{} and {} both name {}: one would overwrite the other", files[i].first,
                                     files[j].first, files[i].second));
}

// --png without mandelbrot, --hostfile without mpi: a flag whose plug-in is
// not in the run changes nothing. Say so, once per flag, rather than let the
// user believe it did.
void warn_about_unused_plugin_flags(const RunFlags& flags, const Plan& plan) {
  for (const RunFlags::PluginFlag& flag : flags.plugin_flags) {
    if (flag.option->count() == 0) continue;
    const auto& names = flag.owner_is_model ? plan.models : plan.workloads;
    if (std::find(names.begin(), names.end(), flag.owner) != names.end()) continue;
    std::cerr << fmt::format("concur-bench: warning: {} applies to the {} {}, which this run leaves out; ignored\n",
                             flag.option->get_name(), flag.owner_is_model ? "model" : "workload", flag.owner);
  }
}

}  // namespace

int run_and_report(const RunFlags& flags, RunScope scope) {
  Plan plan;
  plan.options = flags.options;
  plan.sampling = sampling_settings(flags);
  plan.filter = benchmark::GetBenchmarkFilter();
  plan.command_line = command_line();
  if (flags.workloads.empty()) {
    for (const WorkloadEntry* w : workloads_bound_by(scope)) plan.workloads.emplace_back(w->name);
  } else {
    plan.workloads = split_list(flags.workloads, "--workloads");
  }
  for (const auto& name : plan.workloads) {
    const WorkloadEntry* entry = find_workload(name);
    if (!entry) reject_unknown_name("workload", name, workload_registry());
    if (scope && entry->traits.bound != *scope)
      throw UsageError(fmt::format("--workloads: '{}' is not a {} workload", name, group_name(*scope)));
  }
  if (flags.models.empty()) {
    for (const auto& m : model_registry()) plan.models.emplace_back(m.name);
  } else {
    plan.models = split_list(flags.models, "--models");
  }
  for (const auto& name : plan.models)
    if (!find_model(name)) reject_unknown_name("model", name, model_registry());
  if (!flags.workers.empty()) plan.workers = parse_worker_list(flags.workers);
  warn_about_unused_plugin_flags(flags, plan);
  if (!flags.output.empty()) check_output_path(flags.output);
  if (!flags.plot.empty()) check_output_path(flags.plot, "--plot");
  refuse_one_file_named_twice(flags, plan);

  RunReport report;
  {
    Progress progress(STDERR_FILENO, flags.quiet, plan.sampling);
    report = run_matrix(plan, progress.observer());
  }
  // A table of n/a rows answers nothing: bad usage, as an empty filter is.
  const auto not_applicable = [](const CellResult& c) { return c.status == CellStatus::not_applicable; };
  if (!report.cells.empty() && std::all_of(report.cells.begin(), report.cells.end(), not_applicable))
    throw UsageError(fmt::format("no cell can run: none of the models asked applies to the workloads asked "
                                 "({} on {}: {})",
                                 report.cells.front().model, report.cells.front().workload,
                                 report.cells.front().reason));
  // Interrupted: what finished is still shown and written, then exit 130.
  // Standard output first, then each file, every one tried: a file that
  // cannot be written (a full disk, a name too long) costs only itself,
  // never the table or the other file; the first failure is the error.
  const std::string plot = flags.plot.empty() ? "" : report::render_speedup_svg(report.analysis.scaling, report::usable_cores(report));
  std::exception_ptr first_failure;
  const auto attempt = [&](auto write) {
    try {
      write();
    } catch (const Interrupted&) {
      throw;
    } catch (const std::exception& e) {
      if (first_failure) std::cerr << "concur-bench: error: " << e.what() << "\n";  // the first is the error
      else first_failure = std::current_exception();
    }
  };
  if (flags.plot == "-") {  // standard output carries the picture alone
    attempt([&] { write_file_atomically("-", plot); });
    if (!flags.output.empty()) attempt([&] { write_file_atomically(flags.output, render_report(flags.format, report)); });
  } else {
    attempt([&] { print_report(report, flags.format, flags.output, flags.color, /*summary_grid=*/true); });
    if (!flags.plot.empty()) attempt([&] { write_file_atomically(flags.plot, plot); });
  }
  if (first_failure) std::rethrow_exception(first_failure);
  const ColorMode color = parse_color_mode(flags.color);
  if (report.interrupted)
    std::cerr << paint(color_enabled(color, STDERR_FILENO), "\033[33m", "concur-bench: interrupted;")
              << " the cells finished so far are shown\n";
  return report.exit_code();
}

}  // namespace concur::cli
