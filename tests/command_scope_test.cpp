// `math`, `download` and `all` each run one scope of workloads (a group, or
// every one) and offer exactly the flags of the workloads they accept: a
// flag in a command's help applies to a workload the command runs, and the
// command accepts every workload its help names. Both sides are computed
// from the registry, so a new workload or flag is covered by itself.
#include <CLI/CLI.hpp>
#include <gtest/gtest.h>

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "concur/registry.hpp"
#include "run_binary.hpp"

namespace concur {
namespace {

using testing::lines_of;
using testing::run_binary;

struct Scoped {
  const char* command;
  std::optional<Bound> bound;  // nullopt: every workload
};
const Scoped kCommands[] = {{"math", Bound::cpu}, {"download", Bound::io}, {"all", std::nullopt}};

std::string command_help(const char* command) {
  auto r = run_binary({command, "--help"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return r.out;
}

// "  --size N  Problem size (...)" and its wrapped continuation lines, as
// one line; "" when the help has no such option.
std::string option_text(const std::string& help, const std::string& option) {
  std::string text;
  bool in = false;
  for (const std::string& line : lines_of(help)) {
    const auto first = line.find_first_not_of(' ');
    const bool option_line = first != std::string::npos && line[first] == '-';
    if (option_line) {
      const std::string rest = line.substr(first);
      in = rest == option || rest.starts_with(option + " ");
    } else if (first == std::string::npos) {
      in = false;
    }
    if (in) text += line.substr(first == std::string::npos ? 0 : first) + " ";
  }
  return text;
}

// The long flags a plug-in adds (its describe function), read by adding them
// to an empty command.
std::set<std::string> flags_of(DescribePlugin describe) {
  CLI::App scratch;
  Options options;
  if (auto traits = traits_of(describe); traits.add_flags) traits.add_flags(scratch, options);
  std::set<std::string> flags;
  for (const CLI::Option* option : scratch.get_options())
    for (const std::string& name : option->get_lnames())
      if (name != "help") flags.insert("--" + name);
  return flags;
}

bool help_names(const std::string& text, std::string_view workload) {
  // As a word: "contention_mutex," or "primes:", never inside another name.
  for (std::size_t at = text.find(workload); at != std::string::npos; at = text.find(workload, at + 1)) {
    const char before = at == 0 ? ' ' : text[at - 1];
    const char after = at + workload.size() < text.size() ? text[at + workload.size()] : ' ';
    if ((before == ' ' || before == '(') && (after == ':' || after == ',')) return true;
  }
  return false;
}

TEST(CommandScope, EachCommandOffersTheFlagsOfExactlyTheWorkloadsItRuns) {
  for (const auto& [command, bound] : kCommands) {
    const std::string help = command_help(command);
    for (const auto& entry : workload_registry()) {
      const bool runs = !bound || entry.traits.bound == *bound;
      for (const std::string& flag : flags_of(entry.describe))
        EXPECT_EQ(!option_text(help, flag).empty(), runs)
            << command << (runs ? " lacks " : " offers ") << flag << " of " << entry.name;
    }
  }
  // Anchors, by hand: the picture belongs to math, the images to download.
  EXPECT_FALSE(option_text(command_help("math"), "--png").empty());
  EXPECT_TRUE(option_text(command_help("math"), "--images").empty());
  EXPECT_FALSE(option_text(command_help("download"), "--images").empty());
  EXPECT_TRUE(option_text(command_help("download"), "--png").empty());
}

TEST(CommandScope, SizeNamesExactlyTheCommandsWorkloadsThatTakeIt) {
  for (const auto& [command, bound] : kCommands) {
    const std::string size = option_text(command_help(command), "--size");
    bool any = false;
    for (const auto& entry : workload_registry()) {
      const bool takes_size = (!bound || entry.traits.bound == *bound) && !entry.traits.size_meaning.empty();
      any = any || takes_size;
      EXPECT_EQ(help_names(size, entry.name), takes_size) << command << " --size: " << size;
      if (takes_size) {
        EXPECT_NE(size.find(entry.traits.size_meaning), std::string::npos) << size;
      }
    }
    EXPECT_EQ(!size.empty(), any) << command;
  }
  const std::string math = option_text(command_help("math"), "--size");
  EXPECT_NE(math.find("primes:"), std::string::npos) << math;
  EXPECT_EQ(math.find("stream"), std::string::npos) << math;  // the old help offered it; math refuses it
  EXPECT_EQ(option_text(command_help("download"), "--size"), "");
}

// The other side: every workload a command's help names under --size is
// one it accepts, and every other workload is refused with the reason.
TEST(CommandScope, MathAcceptsTheKernelsItsHelpNamesAndRefusesTheRest) {
  const std::string size = option_text(command_help("math"), "--size");
  for (const auto& entry : workload_registry()) {
    const std::string name(entry.name);
    auto r = run_binary({"math", "--quiet", "--quick", "--workloads", name, "--models", "sequential",
                         "--repetitions", "1", "--benchmark_filter=" + name + "/"});
    if (help_names(size, entry.name)) {
      EXPECT_EQ(r.exit_code, 0) << name << ": " << r.err;
    } else {
      EXPECT_EQ(r.exit_code, 2) << name;
      EXPECT_NE(r.err.find("'" + name + "' is not a math workload"), std::string::npos) << r.err;
    }
  }
}

TEST(CommandScope, DownloadHasNoWorkloadsToChooseAndAllHasEvery) {
  EXPECT_TRUE(option_text(command_help("download"), "--workloads").empty());
  EXPECT_NE(option_text(command_help("math"), "--workloads").find("KERNEL,..."), std::string::npos);
  EXPECT_NE(option_text(command_help("all"), "--workloads").find("WORKLOAD,..."), std::string::npos);
}

}  // namespace
}  // namespace concur
