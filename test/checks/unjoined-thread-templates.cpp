// One finding per bug: a function template whose `if constexpr` branches
// start threads into the same container, left joinable at the same exit in
// every instantiation, is reported once (at the first instantiation's
// start), not once per branch.
// RUN: %check_both %s -- -std=c++17 %mock \
// RUN:   | FileCheck %s --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"

#include <thread>
#include <vector>

void work();
bool check_result() noexcept(false);

template <int Kind> void spawn_and_check() {
  std::vector<std::thread> workers;
  if constexpr (Kind == 0)
    workers.emplace_back(work);
  else if constexpr (Kind == 1)
    workers.emplace_back([] { work(); });
  else
    workers.emplace_back(work);
  check_result();
  for (auto &t : workers)
    t.join();
}
// CHECK: :[[@LINE-9]]:5: warning: threads in 'workers' are still joinable if 'check_result' throws; destroying a joinable std::thread calls std::terminate during unwinding [lockcheck-unjoined-thread]
// CHECK: :[[@LINE-5]]:3: note: if 'check_result' throws here, 'workers' is destroyed while joinable

void all_kinds() {
  spawn_and_check<0>();
  spawn_and_check<1>();
  spawn_and_check<2>();
}

// Compliant twin: joined before anything can throw.
template <int Kind> void spawn_join_check() {
  std::vector<std::thread> workers;
  if constexpr (Kind == 0)
    workers.emplace_back(work);
  else
    workers.emplace_back(work);
  for (auto &t : workers)
    t.join();
  check_result();
}
void all_kinds_ok() {
  spawn_join_check<0>();
  spawn_join_check<1>();
}
