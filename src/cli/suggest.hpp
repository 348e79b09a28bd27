// "Did you mean ...?" for mistyped flags, subcommands and names: the closest
// candidate by edit distance, when it is close enough to be a typo.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <CLI/CLI.hpp>

namespace concur::cli {

// The candidate nearest to `typed`, if it is within a typo's reach (about a
// third of its length, at least 1, at most 3 edits) or starts with it.
std::optional<std::string> closest(std::string_view typed, std::span<const std::string> candidates);

// " (did you mean 'x'?)" or "".
std::string did_you_mean(std::string_view typed, std::span<const std::string> candidates);

// A CLI11 check that the value is one of `choices`, with a suggestion when it
// is not. Its description "{a,b,c}" is what help and completions show.
CLI::Validator one_of(std::vector<std::string> choices);

// Throws UsageError naming the first --flag that `command` does not know,
// with the nearest one it does; run before CLI11 so the message can help.
void reject_unknown_flags(const CLI::App& command, std::span<char* const> args);

}  // namespace concur::cli
