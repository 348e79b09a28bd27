// Every model and workload, by name. Adding one is one file plus one line in
// src/models/models.def or src/workloads/workloads.def.
#pragma once

#include <memory>
#include <span>
#include <string_view>

#include "concur/model.hpp"
#include "concur/options.hpp"
#include "concur/workload.hpp"

namespace concur {

struct ModelEntry {
  std::string_view name;
  std::unique_ptr<Model> (*make)(const Options&);
};

struct WorkloadEntry {
  std::string_view name;
  std::string_view group;  // "math" or "io"
  std::string_view description;
  std::unique_ptr<Workload> (*make)(const Options&);
};

// In table order: sequential first (the baseline), then the others.
std::span<const ModelEntry> model_registry();
std::span<const WorkloadEntry> workload_registry();

const ModelEntry* find_model(std::string_view name);
const WorkloadEntry* find_workload(std::string_view name);

}  // namespace concur
