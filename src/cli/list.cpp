// `concur-bench list`: every workload and model, and whether it can run here;
// as a table, or as JSON or CSV for scripts.
#include <algorithm>
#include <iostream>
#include <map>
#include <string>
#include <string_view>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/command.hpp"
#include "cli/help_formatter.hpp"
#include "cli/suggest.hpp"
#include "concur/registry.hpp"

namespace concur::cli {
namespace {

// One line per workload or model, whatever the format.
struct Entry {
  std::string kind;  // "workload" or "model"
  std::string name, group, description;
  bool available = true;
  std::string reason;  // why not available
};

std::vector<Entry> entries() {
  std::vector<Entry> out;
  for (const auto& w : workload_registry())
    out.push_back({"workload", std::string(w.name), std::string(group_name(w.traits.bound)), std::string(w.description), true, ""});
  const Options defaults;
  for (const auto& m : model_registry()) {
    auto model = m.make(defaults);
    const Availability a = model->availability();
    out.push_back({"model", std::string(m.name), "", model->info().description, a.ok, a.ok ? "" : a.reason});
  }
  return out;
}

// Columns as wide as their longest entry of each kind, so long names
// (contention_atomic) keep the descriptions aligned.
std::string render_table(const std::vector<Entry>& list) {
  std::map<std::string, std::size_t> name_width, second_width;
  for (const Entry& e : list) {
    name_width[e.kind] = std::max(name_width[e.kind], e.name.size());
    const std::size_t second = e.kind == "workload" ? e.group.size() : std::string_view("unavailable").size();
    second_width[e.kind] = std::max(second_width[e.kind], second);
  }
  std::string out;
  std::string kind;
  for (const Entry& e : list) {
    if (e.kind != kind) out += fmt::format("{}{}s:\n", kind.empty() ? "" : "\n", e.kind), kind = e.kind;
    const std::size_t w1 = name_width[e.kind], w2 = second_width[e.kind];
    const std::string second = e.kind == "workload" ? e.group : e.available ? "available" : "unavailable";
    out += fmt::format("  {:<{}} {:<{}} {}\n", e.name, w1, second, w2, e.description);
    if (!e.available) out += fmt::format("  {:<{}} {:<{}} why: {}\n", "", w1, "", w2, e.reason);
  }
  return out;
}

std::string render_json(const std::vector<Entry>& list) {
  nlohmann::ordered_json doc = {{"workloads", nlohmann::ordered_json::array()},
                                {"models", nlohmann::ordered_json::array()}};
  for (const Entry& e : list) {
    if (e.kind == "workload") {
      doc["workloads"].push_back({{"name", e.name}, {"group", e.group}, {"description", e.description}});
      continue;
    }
    doc["models"].push_back({{"name", e.name},
                             {"available", e.available},
                             {"reason", e.available ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(e.reason)},
                             {"description", e.description}});
  }
  return doc.dump(2) + "\n";
}

std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + '"';
}

std::string render_csv(const std::vector<Entry>& list) {
  std::string out = "kind,name,group,available,reason,description\n";
  for (const Entry& e : list)
    out += fmt::format("{},{},{},{},{},{}\n", e.kind, csv_field(e.name), csv_field(e.group),
                       e.available ? "true" : "false", csv_field(e.reason), csv_field(e.description));
  return out;
}

}  // namespace

Command add_list_command(CLI::App& parent) {
  auto* app = parent.add_subcommand("list", "Workloads and models, with availability");
  auto format = std::make_shared<std::string>("table");
  app->add_option("--format", *format, "Output format")->check(one_of({"table", "json", "csv"}));
  app->footer(examples_footer({"concur-bench list", "concur-bench list --format json | jq '.models[] | "
                                                    "select(.available) | .name'",
                               "concur-bench list --format csv > registry.csv"}));
  return {app, [format] {
            const std::vector<Entry> list = entries();
            std::cout << (*format == "json" ? render_json(list) : *format == "csv" ? render_csv(list)
                                                                                   : render_table(list))
                      << std::flush;
            return 0;
          }};
}

}  // namespace concur::cli
