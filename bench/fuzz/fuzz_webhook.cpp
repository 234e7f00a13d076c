// libFuzzer target: see FuzzEntries.h for what squall::fuzz::webhook() exercises.
#include "FuzzEntries.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    squall::fuzz::webhook(QByteArrayView(data, qsizetype(size)));
    return 0;
}
