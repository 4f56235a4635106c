-- CreateTable
CREATE TABLE "HealthSample" (
    "minute" TIMESTAMP(3) NOT NULL,
    "okCount" INTEGER NOT NULL DEFAULT 0,
    "failCount" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "HealthSample_pkey" PRIMARY KEY ("minute")
);
