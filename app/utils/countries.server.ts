export { countryOptions, countryName } from '../../server/services/candidates/countries'
