/* The mbedTLS port implementation, compiled on its own as a device would. */
#define BOOOPLY_MBEDTLS_IMPLEMENTATION
#include "ports/boooply_mbedtls.h"
