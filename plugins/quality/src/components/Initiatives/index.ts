export { InitiativesSection } from './InitiativesSection';
export { SquadInitiativesCard } from './SquadInitiativesCard';
