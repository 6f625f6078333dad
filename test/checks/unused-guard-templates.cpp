// RUN: %check_both %s -- -std=c++17 %mock \
// RUN:   | FileCheck %s --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"

// A template's unused guard is reported once, at the template, never again
// for each instantiation (nor for the members of a class template's
// instantiations, nor for lambdas inside an instantiated function).

#include <mutex>

std::mutex m;
int counter;

template <typename T> void in_function_template(T v) {
  std::lock_guard<std::mutex>{m};
  // CHECK: :[[@LINE-1]]:3: warning: this 'std::lock_guard<std::mutex>' is a temporary destroyed at the end of the statement
  counter += v;
}

template <typename T> struct Box {
  void member() {
    std::lock_guard<std::mutex>{m};
    // CHECK: :[[@LINE-1]]:5: warning: this 'std::lock_guard<std::mutex>' is a temporary destroyed at the end of the statement
    ++counter;
  }
  void out_of_line();
  struct Inner {
    void nested() {
      std::lock_guard<std::mutex>{m};
      // CHECK: :[[@LINE-1]]:7: warning: this 'std::lock_guard<std::mutex>' is a temporary destroyed at the end of the statement
      ++counter;
    }
  };
};

template <typename T> void Box<T>::out_of_line() {
  std::lock_guard<std::mutex>{m};
  // CHECK: :[[@LINE-1]]:3: warning: this 'std::lock_guard<std::mutex>' is a temporary destroyed at the end of the statement
  ++counter;
}

template <typename T> void with_lambda(T v) {
  auto f = [v] {
    std::lock_guard<std::mutex>{m};
    // CHECK: :[[@LINE-1]]:5: warning: this 'std::lock_guard<std::mutex>' is a temporary destroyed at the end of the statement
    counter += v;
  };
  f();
}

// A full specialization is no instantiation: its own code, reported.
template <> void in_function_template<char>(char v) {
  std::lock_guard<std::mutex>{m};
  // CHECK: :[[@LINE-1]]:3: warning: this 'std::lock_guard<std::mutex>' is a temporary destroyed at the end of the statement
  counter += v;
}

// Compliant twins: the guard is named.
template <typename T> void named_guard(T v) {
  std::lock_guard<std::mutex> lock{m};
  counter += v;
}

template void in_function_template<long>(long);

void use() {
  in_function_template(1);
  in_function_template(2.0);
  in_function_template('c');
  Box<int> b;
  b.member();
  b.out_of_line();
  Box<int>::Inner().nested();
  Box<double>().member();
  with_lambda(3);
  with_lambda(4u);
  named_guard(5);
}
