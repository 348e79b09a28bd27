#include "cli/help_formatter.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace concur::cli {

namespace {

constexpr std::size_t kHelpWidth = 80;
constexpr std::size_t kNameColumn = 32;
constexpr char kUnbreakableSpace = '\x1f';  // "(default: 3)" stays on one line

// Descriptions wrap at 80 columns; CLI11 indents each line after a '\n'.
std::string wrapped(const std::string& text, std::size_t width = kHelpWidth - kNameColumn) {
  std::string out;
  std::size_t line = 0;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find(' ', start);
    if (end == std::string::npos) end = text.size();
    std::string word = text.substr(start, end - start);
    std::replace(word.begin(), word.end(), kUnbreakableSpace, ' ');
    if (line > 0 && line + 1 + word.size() > width) {
      out += '\n';
      line = 0;
    } else if (line > 0) {
      out += ' ';
      ++line;
    }
    out += word;
    line += word.size();
    start = end + 1;
  }
  return out;
}

std::string indented(const std::string& text, const std::string& indent) {
  std::string out;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    const std::string line = text.substr(start, end - start);
    out += (line.empty() ? "" : indent + line) + "\n";
    start = end + 1;
  }
  return out;
}

}  // namespace

HelpFormatter::HelpFormatter() { column_width(kNameColumn); }

std::string HelpFormatter::make_subcommand(const CLI::App* command) const {
  std::stringstream out;
  CLI::detail::format_help(out, command->get_display_name(), wrapped(command->get_description()), column_width_);
  return out.str();
}

std::string placeholder(const CLI::Option& option) {
  // CLI11 joins the type name and each check's description with ':'.
  const std::string full = option.get_type_name();
  if (auto brace = full.find('{'); brace != std::string::npos) return full.substr(brace);
  return full.substr(0, full.find(':'));
}

std::string HelpFormatter::make_option_opts(const CLI::Option* option) const {
  if (option->get_expected_max() == 0) return "";  // a flag takes no value
  return " " + placeholder(*option);
}

std::string HelpFormatter::make_option_desc(const CLI::Option* option) const {
  std::string text = option->get_description();
  const std::string& value = option->get_default_str();
  if (option->get_expected_max() > 0 && !value.empty() && !option->get_positional())
    text += fmt::format(" (default:{}{})", kUnbreakableSpace, value);
  return wrapped(text);
}

// --help-all (and so the man page): each subcommand under a heading of its
// own ("Command all:", a section for help2man), with its examples.
std::string HelpFormatter::make_expanded(const CLI::App* command) const {
  std::string body = wrapped(command->get_description(), kHelpWidth - 2) + "\n\n" + make_usage(command, "concur-bench " + command->get_name()) +
                     make_positionals(command) + make_groups(command, CLI::AppFormatMode::Sub) + "\n" +
                     command->get_footer();
  return "Command " + command->get_name() + ":\n" + indented(body, "  ") + "\n";
}

std::string HelpFormatter::make_subcommands(const CLI::App* app, CLI::AppFormatMode mode) const {
  if (mode != CLI::AppFormatMode::All) return CLI::Formatter::make_subcommands(app, mode);
  std::string out;
  for (const CLI::App* command : app->get_subcommands({})) out += "\n" + make_expanded(command);
  return out;
}

std::string examples_footer(std::initializer_list<const char*> examples, const char* exit_codes) {
  std::string out = "Examples:\n";
  // "$ " marks a command line (help2man sets each on its own line, verbatim).
  for (const char* example : examples) out += fmt::format("  $ {}\n", example);
  if (exit_codes) out += fmt::format("\nExit codes: {}.\n", exit_codes);
  return out;
}

}  // namespace concur::cli
