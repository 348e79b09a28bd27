// Every model and workload, by name. Adding one is one file plus one line in
// src/models/models.def or src/workloads/workloads.def; the command line,
// `info`, the tests and bench/ all iterate these registries.
#pragma once

#include <memory>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "concur/model.hpp"
#include "concur/options.hpp"
#include "concur/plugin.hpp"
#include "concur/workload.hpp"

namespace concur {

struct ModelEntry {
  std::string_view name;
  std::unique_ptr<Model> (*make)(const Options&);
  DescribePlugin describe = nullptr;  // flags and libraries, when it has any
};

struct WorkloadEntry {
  std::string_view name;
  WorkloadTraits traits;  // what bounds it, and what models decide on
  std::string_view description;
  std::unique_ptr<Workload> (*make)(const Options&);
  DescribePlugin describe = nullptr;  // flags and libraries, when it has any
};

// In table order: sequential first (the baseline), then the others.
std::span<const ModelEntry> model_registry();
std::span<const WorkloadEntry> workload_registry();

const ModelEntry* find_model(std::string_view name);
const WorkloadEntry* find_workload(std::string_view name);

// The model every speedup is measured against (ModelInfo::speedup_baseline:
// sequential).
std::string_view speedup_baseline_model();

// The info of the registered model `name` (made once with default Options),
// for code that holds only a cell's model name; nullptr for a name the
// registry lacks.
const ModelInfo* registered_model_info(std::string_view name);

// The registered workloads of one group (every one when `bound` is empty),
// in registry order: what `math`, `download` and `all` run and accept.
std::vector<const WorkloadEntry*> workloads_bound_by(std::optional<Bound> bound);

// Every library a registered model or workload declares, in registry order
// (models first), each name once.
std::vector<LibraryVersion> plugin_libraries();

}  // namespace concur
