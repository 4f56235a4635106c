-- AlterTable
ALTER TABLE "Session" ADD COLUMN     "ssoOrgId" TEXT;

-- AlterTable
ALTER TABLE "SsoConnection" ADD COLUMN     "allowIdpInitiated" BOOLEAN NOT NULL DEFAULT false;
