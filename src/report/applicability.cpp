#include "report/applicability.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

namespace concur::report {

std::vector<const CellResult*> applicable_cells(const RunReport& report) {
  std::vector<const CellResult*> cells;
  for (const CellResult& c : report.cells)
    if (c.status != CellStatus::not_applicable) cells.push_back(&c);
  return cells;
}

std::vector<std::string> applicability_notes(const RunReport& report) {
  struct Model {
    std::string name, reason;
    std::vector<std::string> applies;  // workloads where it ran or could run
  };
  std::vector<Model> models;
  auto find = [&](const std::string& name) {
    auto it = std::find_if(models.begin(), models.end(), [&](const Model& m) { return m.name == name; });
    if (it == models.end()) return models.insert(models.end(), Model{name, "", {}});
    return it;
  };
  for (const CellResult& c : report.cells) {
    auto model = find(c.model);
    if (c.status == CellStatus::not_applicable) {
      if (model->reason.empty()) model->reason = c.reason;
    } else if (std::find(model->applies.begin(), model->applies.end(), c.workload) == model->applies.end()) {
      model->applies.push_back(c.workload);
    }
  }
  std::size_t width = 0;
  for (const Model& m : models) width = std::max(width, m.name.size());
  std::vector<std::string> notes;
  for (const Model& m : models) {
    if (m.reason.empty()) continue;  // applies to every workload run
    const std::string where = m.applies.empty() ? "applies to none of these workloads"
                                                : fmt::format("applies to {} only", fmt::join(m.applies, ", "));
    notes.push_back(fmt::format("{:<{}}  {} ({})", m.name, width, where, m.reason));
  }
  return notes;
}

}  // namespace concur::report
