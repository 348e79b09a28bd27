// Help that teaches, and the man page and completions generated from it:
// every option of every subcommand reaches all of them.
#include <gtest/gtest.h>

#include <fstream>
#include <cctype>
#include <set>
#include <sstream>

#include "run_binary.hpp"
#include "run_program.hpp"

namespace concur {
namespace {

using testing::lines_of;
using testing::run_binary;

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

const std::string kShare = std::string(CONCUR_BUILD_DIR) + "/share";

// Subcommand names, read from the top-level help.
std::vector<std::string> subcommands() {
  std::vector<std::string> names;
  bool in_list = false;
  for (const std::string& line : lines_of(run_binary({"--help"}).out)) {
    if (line == "Subcommands:") in_list = true;
    else if (in_list && line.size() > 2 && line[2] != ' ') names.push_back(line.substr(2, line.find(' ', 2) - 2));
    else if (in_list && line.empty()) break;
  }
  return names;
}

// "  -h,--help  ..." or "  --format ..." -> "--help", "--format"; "" otherwise.
// (Plain string code: std::regex trips GCC 12's -Wmaybe-uninitialized under
// ASan, which -Werror turns into a failed build.)
std::string long_option_of(const std::string& line) {
  if (!line.starts_with("  ")) return "";
  std::size_t at = 2;
  if (line.size() > at + 2 && line[at] == '-' && line[at + 1] != '-' && line[at + 2] == ',') at += 3;
  if (line.compare(at, 2, "--") != 0) return "";
  std::size_t end = at + 2;
  if (end >= line.size() || !std::islower(static_cast<unsigned char>(line[end]))) return "";
  while (end < line.size() && (std::islower(static_cast<unsigned char>(line[end])) || line[end] == '-')) ++end;
  return line.substr(at, end - at);
}

// Long options of one subcommand, read from its --help.
std::set<std::string> long_options(const std::string& command) {
  std::set<std::string> options;
  for (const std::string& line : lines_of(run_binary({command, "--help"}).out))
    if (auto option = long_option_of(line); !option.empty()) options.insert(option);
  return options;
}

// "--max-time" -> "\-\-max\-time", as roff writes it in the man page.
std::string roff_escaped(const std::string& option) {
  std::string out;
  for (char c : option) out += c == '-' ? std::string("\\-") : std::string(1, c);
  return out;
}

// "commit      0123456789ab-dirty" or "commit      unknown".
bool is_commit_line(const std::string& line) {
  if (!line.starts_with("commit ")) return false;
  std::string value = line.substr(line.find_first_not_of(' ', 6));
  if (value == "unknown") return true;
  if (value.ends_with("-dirty")) value.resize(value.size() - 6);
  return value.size() == 12 && value.find_first_not_of("0123456789abcdef") == std::string::npos;
}

// The text of one subcommand's block in a completion script.
std::string block(const std::string& script, const std::string& start, const std::string& end) {
  const auto from = script.find(start);
  if (from == std::string::npos) return "";
  return script.substr(from, script.find(end, from + start.size()) - from);
}

TEST(Help, EveryOptionOfEverySubcommandIsInTheManPageAndTheCompletions) {
  const std::string man = read_file(kShare + "/man/concur-bench.1");
  const std::string bash = read_file(kShare + "/bash/concur-bench");
  const std::string zsh = read_file(kShare + "/zsh/_concur-bench");
  const std::string fish = read_file(kShare + "/fish/concur-bench.fish");
  ASSERT_FALSE(man.empty() || bash.empty() || zsh.empty() || fish.empty());
  const auto commands = subcommands();
  ASSERT_GE(commands.size(), 9u);
  for (const std::string& command : commands) {
    const auto options = long_options(command);
    EXPECT_GE(options.size(), 2u) << command;
    const std::string man_part = block(man, "Command " + command + ":", "Command ");
    const std::string bash_part = block(bash, "  \"" + command + "\")", ";;\n  \"");
    const std::string zsh_part = block(zsh, "    " + command + ")\n", ";;");
    EXPECT_FALSE(man_part.empty() || bash_part.empty() || zsh_part.empty()) << command;
    EXPECT_NE(bash.find(" " + command + " "), std::string::npos) << "bash lacks the command " << command;
    EXPECT_NE(zsh.find("'" + command + ":"), std::string::npos) << "zsh lacks the command " << command;
    EXPECT_NE(fish.find("-a " + command + " "), std::string::npos) << "fish lacks the command " << command;
    for (const std::string& option : options) {
      const std::string roff = roff_escaped(option);
      // The help flags are every command's; the man page lists them once, at the top.
      const std::string& man_scope = option.starts_with("--help") ? man : man_part;
      EXPECT_NE(man_scope.find(roff), std::string::npos) << command << " " << option << " not in the man page";
      EXPECT_NE(bash_part.find(option), std::string::npos) << command << " " << option << " not in bash";
      EXPECT_NE(zsh_part.find("'" + option), std::string::npos) << command << " " << option << " not in zsh";
      EXPECT_NE(fish.find("__fish_seen_subcommand_from " + command + "' -l " + option.substr(2)), std::string::npos)
          << command << " " << option << " not in fish";
    }
  }
}

// Every example of --help-all is one unbroken, unhyphenated line of the man
// page as man shows it at 80 columns, with ASCII "-" (copyable), however long.
TEST(Help, ManPageShowsEachExampleOnOneCopyableLine) {
  if (!testing::on_path("man")) GTEST_SKIP() << "man missing";
  auto man = testing::run_program({"man", "-l", kShare + "/man/concur-bench.1"}, ".",
                                  {"MANWIDTH=80", "COLUMNS=80", "LANG=C.UTF-8", "LC_ALL=C.UTF-8"});
  ASSERT_EQ(man.exit_code, 0) << man.output;
  int examples = 0;
  for (const std::string& line : lines_of(run_binary({"--help-all"}).out)) {
    const std::size_t at = line.find_first_not_of(' ');
    if (at == std::string::npos || line.compare(at, 2, "$ ") != 0) continue;
    ++examples;
    EXPECT_NE(man.output.find(line.substr(at) + "\n"), std::string::npos) << line.substr(at) << " is broken in:\n"
                                                                         << man.output;
  }
  EXPECT_GE(examples, 20);
}

TEST(Help, CompletionsOfferRegistryNamesAndPassEachShellsSyntaxCheck) {
  const std::string bash = read_file(kShare + "/bash/concur-bench");
  for (const char* name : {"sequential threads", "processes", "primes factorise mandelbrot pi", "table csv json markdown"})
    EXPECT_NE(bash.find(name), std::string::npos) << name;
  const std::pair<const char*, std::string> shells[] = {
      {"bash", kShare + "/bash/concur-bench"}, {"zsh", kShare + "/zsh/_concur-bench"},
      {"fish", kShare + "/fish/concur-bench.fish"}};
  int checked = 0;
  for (const auto& [shell, file] : shells) {
    if (!testing::on_path(shell)) continue;
    auto check = testing::run_program({shell, "-n", file});
    EXPECT_EQ(check.exit_code, 0) << shell << ": " << check.output;
    ++checked;
  }
  EXPECT_GE(checked, 1);
}

TEST(Help, BashCompletionCompletesAModelListAndAFormat) {
  // Drives the generated function as bash would on <TAB>.
  const std::string script = kShare + "/bash/concur-bench";
  auto complete = [&](const std::string& line_words, int index) {
    return testing::run_program(
        {"bash", "-c",
         "source '" + script + "'; COMP_WORDS=(" + line_words + "); COMP_CWORD=" + std::to_string(index) +
             "; _concur_bench; printf '%s\\n' \"${COMPREPLY[@]}\""});
  };
  auto models = complete("concur-bench math --models sequential,thr", 3);
  EXPECT_EQ(models.output, "sequential,threads\n");
  auto format = complete("concur-bench all --format j", 3);
  EXPECT_EQ(format.output, "json\n");
  auto command = complete("concur-bench ma", 1);
  EXPECT_EQ(command.output, "math\n");
}

TEST(Help, FishCompletionCompletesAModelListAndAFormat) {
  if (!testing::on_path("fish")) GTEST_SKIP() << "fish not installed";
  const std::string script = kShare + "/fish/concur-bench.fish";
  auto complete = [&](const std::string& line) {
    auto r = testing::run_program({"fish", "--no-config", "-c", "source '" + script + "'; complete -C '" + line + "'"});
    return r.output;
  };
  EXPECT_TRUE(complete("concur-bench math --models sequential,thr").starts_with("sequential,threads\t"));
  EXPECT_NE(complete("concur-bench all --format ").find("markdown\t"), std::string::npos);
  EXPECT_TRUE(complete("concur-bench ma").starts_with("math\t"));
}

TEST(Help, OptionsShowPlaceholdersUnitsAndDefaults) {
  auto math = run_binary({"math", "--help"});
  ASSERT_EQ(math.exit_code, 0);
  for (const char* text : {"--repetitions N", "(default: adaptive, see --precision)", "(default: 30)", "--min-time S",
                           "--max-time S", "--switch-interval MS", "(default: 5)", "--color {auto,always,never}",
                           "--output FILE", "--plot FILE.svg", "--format {table,csv,json,markdown}",
                           "(default: table)", "--seed N", "(default: 42)"})
    EXPECT_NE(math.out.find(text), std::string::npos) << text << "\n" << math.out;
  EXPECT_EQ(math.out.find("TEXT"), std::string::npos) << math.out;
  auto download = run_binary({"download", "--help"});
  for (const char* text : {"--latency MS", "(default: 50)", "--timeout S", "(default: 30)", "--keep DIR"})
    EXPECT_NE(download.out.find(text), std::string::npos) << text;
  EXPECT_EQ(download.out.find("--workloads"), std::string::npos) << "download has one workload";
}

TEST(Help, ExamplesEverywhereExitCodesOnlyWhereTheyApplyNoBuildPath) {
  for (const std::string& command : subcommands()) {
    auto help = run_binary({command, "--help"});
    ASSERT_EQ(help.exit_code, 0) << command;
    EXPECT_NE(help.out.find("Examples:\n  $ "), std::string::npos) << command;
    EXPECT_NE(help.out.find("Usage: concur-bench " + command), std::string::npos) << help.out;
    const bool runs_cells = command == "all" || command == "math" || command == "download" || command == "course";
    EXPECT_EQ(help.out.find("a cell failed") != std::string::npos, command == "all" || command == "math" ||
                                                                    command == "download")
        << command;
    EXPECT_EQ(help.out.find("Exit codes:") != std::string::npos, runs_cells || command == "compare" || command == "show")
        << command;
  }
  EXPECT_EQ(run_binary({"--help"}).out.find(CONCUR_BUILD_DIR), std::string::npos);
}

TEST(Help, VersionNamesCommitBuildTypeAndCompiler) {
  for (const char* flag : {"-V", "--version"}) {
    auto r = run_binary({flag});
    ASSERT_EQ(r.exit_code, 0) << flag;
    const auto lines = lines_of(r.out);
    ASSERT_EQ(lines.size(), 4u) << r.out;
    EXPECT_TRUE(lines[0].starts_with("concur-bench ")) << r.out;
    EXPECT_TRUE(is_commit_line(lines[1])) << r.out;
    EXPECT_TRUE(lines[2].starts_with("build type ")) << r.out;
    EXPECT_TRUE(lines[3].starts_with("compiler ")) << r.out;
  }
}

struct Typo {
  std::vector<std::string> args;
  std::string suggestion;
};
class HelpTypo : public ::testing::TestWithParam<Typo> {};

TEST_P(HelpTypo, ExitsTwoAndSuggestsTheNearestName) {
  auto r = run_binary(GetParam().args);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find(GetParam().suggestion), std::string::npos) << r.err;
  EXPECT_EQ(lines_of(r.err).size(), 1u) << r.err;
  EXPECT_TRUE(r.out.empty());
}

INSTANTIATE_TEST_SUITE_P(
    Help, HelpTypo,
    ::testing::Values(Typo{{"math", "--formt", "csv"}, "did you mean --format?"},
                      Typo{{"math", "--fromat=csv"}, "did you mean --format?"},
                      Typo{{"all", "--repetition", "3"}, "did you mean --repetitions?"},
                      Typo{{"--verison"}, "did you mean --version?"},
                      Typo{{"mth"}, "did you mean 'math'?"},
                      Typo{{"math", "--models", "sequential,thread"}, "did you mean 'threads'?"},
                      Typo{{"all", "--workloads", "prims"}, "did you mean 'primes'?"},
                      Typo{{"math", "--format", "tabel"}, "did you mean 'table'?"},
                      Typo{{"list", "--format", "jsn"}, "did you mean 'json'?"}));

}  // namespace
}  // namespace concur
