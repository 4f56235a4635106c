-- AlterTable
ALTER TABLE "User" ADD COLUMN     "adultAttestedAt" TIMESTAMP(3);
