#include "concur/registry.hpp"

#include <algorithm>

namespace concur {

#define CONCUR_MODEL(id) std::unique_ptr<Model> make_##id##_model(const Options&);
#include "models/models.def"
#undef CONCUR_MODEL

#define CONCUR_WORKLOAD(id, group, description) \
  std::unique_ptr<Workload> make_##id##_workload(const Options&);
#include "workloads/workloads.def"
#undef CONCUR_WORKLOAD

namespace {

constexpr ModelEntry kModels[] = {
#define CONCUR_MODEL(id) {#id, &make_##id##_model},
#include "models/models.def"
#undef CONCUR_MODEL
};

constexpr WorkloadEntry kWorkloads[] = {
#define CONCUR_WORKLOAD(id, group, description) \
  {#id, group, description, &make_##id##_workload},
#include "workloads/workloads.def"
#undef CONCUR_WORKLOAD
};

template <typename Entry>
const Entry* find_by_name(std::span<const Entry> entries, std::string_view name) {
  auto it = std::find_if(entries.begin(), entries.end(),
                         [&](const Entry& e) { return e.name == name; });
  return it == entries.end() ? nullptr : &*it;
}

}  // namespace

std::span<const ModelEntry> model_registry() { return kModels; }
std::span<const WorkloadEntry> workload_registry() { return kWorkloads; }

const ModelEntry* find_model(std::string_view name) {
  return find_by_name(model_registry(), name);
}
const WorkloadEntry* find_workload(std::string_view name) {
  return find_by_name(workload_registry(), name);
}

}  // namespace concur
