#include "cli/suggest.hpp"

#include <algorithm>
#include <cstring>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "concur/errors.hpp"

namespace concur::cli {
namespace {

// Optimal string alignment distance: insertions, deletions, substitutions
// and swaps of neighbours ("--fromat") each cost one.
std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i)
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  return d[a.size()][b.size()];
}

std::vector<std::string> long_flags(const CLI::App& command) {
  std::vector<std::string> flags;
  for (const CLI::Option* option : command.get_options())
    for (const std::string& name : option->get_lnames()) flags.push_back("--" + name);
  return flags;
}

}  // namespace

std::optional<std::string> closest(std::string_view typed, std::span<const std::string> candidates) {
  const std::size_t reach = std::clamp<std::size_t>(typed.size() / 3, 1, 3);
  std::optional<std::string> best;
  std::size_t best_distance = reach + 1;
  for (const std::string& candidate : candidates) {
    const std::size_t distance = edit_distance(typed, candidate);
    if (distance < best_distance) best = candidate, best_distance = distance;
  }
  if (best) return best;
  // A prefix long enough to mean something: "--work" -> "--workers".
  if (typed.size() >= 3)
    for (const std::string& candidate : candidates)
      if (candidate.starts_with(typed)) return candidate;
  return std::nullopt;
}

std::string did_you_mean(std::string_view typed, std::span<const std::string> candidates) {
  auto best = closest(typed, candidates);
  return best ? fmt::format(" (did you mean '{}'?)", *best) : "";
}

CLI::Validator one_of(std::vector<std::string> choices) {
  const std::string description = fmt::format("{{{}}}", fmt::join(choices, ","));
  return CLI::Validator(
      [choices = std::move(choices)](std::string& value) -> std::string {
        if (std::find(choices.begin(), choices.end(), value) != choices.end()) return {};
        return fmt::format("'{}' is not one of {}{}", value, fmt::join(choices, ", "),
                           did_you_mean(value, choices));
      },
      description);
}

void reject_unknown_flags(const CLI::App& command, std::span<char* const> args) {
  const std::vector<std::string> known = long_flags(command);
  for (char* const arg : args) {
    if (std::strcmp(arg, "--") == 0) return;  // the rest are positionals
    if (std::strncmp(arg, "--", 2) != 0) continue;
    std::string flag = arg;
    flag = flag.substr(0, flag.find('='));
    if (std::find(known.begin(), known.end(), flag) != known.end()) continue;
    std::string message = fmt::format("{}: unknown option '{}'", command.get_name(), flag);
    if (auto best = closest(flag, known))
      message += fmt::format(" (did you mean {}?)", *best);
    else
      message += fmt::format(" (see concur-bench {} --help)", command.get_name());
    throw UsageError(message);
  }
}

}  // namespace concur::cli
