// Mock <bits/allocator.h>: std::allocator.
#ifndef _MOCK_BITS_ALLOCATOR_H
#define _MOCK_BITS_ALLOCATOR_H 1

#pragma GCC system_header

namespace std {

template <class T> class allocator {
public:
  typedef T value_type;
  typedef __SIZE_TYPE__ size_type;
  typedef __PTRDIFF_TYPE__ difference_type;

  allocator() noexcept {}
  allocator(const allocator &) noexcept {}
  template <class U> allocator(const allocator<U> &) noexcept {}
  ~allocator() {}

  T *allocate(size_type n);
  void deallocate(T *p, size_type n);
};

template <class T, class U>
inline bool operator==(const allocator<T> &, const allocator<U> &) noexcept {
  return true;
}

} // namespace std

#endif // _MOCK_BITS_ALLOCATOR_H
